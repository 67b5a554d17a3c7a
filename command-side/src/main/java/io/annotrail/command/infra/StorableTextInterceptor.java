package io.annotrail.command.infra;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.StorableText;
import io.annotrail.domain.common.Violation;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Refuses any command carrying text PostgreSQL cannot store ({@link StorableText}), whichever door it came through
 * (REST, browser endpoints, CSV imports, sagas). The edge refuses such input earlier with a precise answer; this is
 * the guarantee that no such string becomes an event, because an event is forever and a read model that cannot
 * store it would park it as a dead letter for good.
 * <p>
 * Commands are records of strings, ids, JSON trees and lists of records; the walk follows exactly those.
 */
@Component
public class StorableTextInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final int MAX_DEPTH = 16;

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        Violation violation = find(unitOfWork.getMessage().getPayload(), "", 0);
        if (violation != null) {
            throw new DomainException(ErrorCode.UNSUPPORTED_CHARACTER, violation.path() + " " + violation.message(),
                    List.of(violation));
        }
        return interceptorChain.proceed();
    }

    static Violation find(Object value, String path, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return null;
        }
        if (value instanceof String text) {
            String problem = StorableText.problem(text);
            return problem == null ? null : new Violation(path, problem);
        }
        if (value instanceof JsonNode node) {
            return StorableText.firstProblem(node, path);
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                Violation v = find(item, path + "/" + i++, depth + 1);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String problem = StorableText.problem(key);
                if (problem != null) {
                    return new Violation(path + "/" + StorableText.escape(key), "the key " + problem);
                }
                Violation v = find(e.getValue(), path + "/" + StorableText.escape(key), depth + 1);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
        Class<?> type = value.getClass();
        if (!type.isRecord()) {
            return null; // ids' values, numbers, enums, instants: nothing that holds free text
        }
        for (RecordComponent component : COMPONENTS.get(type)) {
            Object part;
            try {
                part = component.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + type.getName() + "." + component.getName(), e);
            }
            Violation v = find(part, path + "/" + component.getName(), depth + 1);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent c : components) {
                c.getAccessor().setAccessible(true);
            }
            return components;
        }
    };
}
