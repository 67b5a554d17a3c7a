package io.annotrail.command.infra;

import io.annotrail.domain.common.DomainException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Turns a refused command into a {@link CommandExecutionException} whose details are the serializable
 * {@link io.annotrail.domain.common.DomainError}: a distributed command bus drops the exception's class but
 * keeps the details, so the edge can still answer with the stable error code and the violations. Outermost of the
 * command handler interceptors, so a refusal by any other interceptor is carried the same way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DomainExceptionInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (DomainException e) {
            throw new CommandExecutionException(e.getMessage(), e, e.toError());
        }
    }
}
