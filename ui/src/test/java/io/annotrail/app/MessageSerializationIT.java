package io.annotrail.app;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import tools.jackson.databind.node.JsonNodeFactory;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message record (commands, events, queries, answers, deadline payloads) survives a round trip through
 * the serializers the application is configured with. Instances are built by reflection so a new message
 * cannot be forgotten.
 */
class MessageSerializationIT extends IntegrationTest {

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Autowired
    @Qualifier("messageSerializer")
    Serializer messageSerializer;

    @Autowired
    Serializer serializer;

    @Test
    void everyMessageRecordSurvivesTheConfiguredSerializers() throws Exception {
        for (Serializer s : List.of(eventSerializer, messageSerializer, serializer)) {
            assertThat(s).isInstanceOf(org.axonframework.serialization.jackson3.Jackson3Serializer.class);
        }
        List<Class<?>> records = messageRecords();
        assertThat(records).hasSizeGreaterThan(60);
        for (Class<?> type : records) {
            Object sample = sample(type, 0);
            for (Serializer s : List.of(eventSerializer, messageSerializer, serializer)) {
                SerializedObject<byte[]> bytes = s.serialize(sample, byte[].class);
                Object back = s.deserialize(bytes);
                assertThat(back).as(type.getName()).isEqualTo(sample);
            }
        }
    }

    private static List<Class<?>> messageRecords() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(Record.class));
        List<Class<?>> out = new ArrayList<>();
        for (String pkg : List.of("io.annotrail.domain", "io.annotrail.command")) {
            for (var candidate : scanner.findCandidateComponents(pkg)) {
                Class<?> type = Class.forName(candidate.getBeanClassName());
                if (type.isRecord() && java.lang.reflect.Modifier.isPublic(type.getModifiers())
                        && !type.getName().contains("Directory$")) {
                    out.add(type);
                }
            }
        }
        return out;
    }

    private static Object sample(Type type, int depth) throws Exception {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return List.of(sample(p.getActualTypeArguments()[0], depth + 1));
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) return "text-" + depth;
        if (c == int.class || c == Integer.class) return 3;
        if (c == long.class || c == Long.class) return 7L;
        if (c == double.class || c == Double.class) return 0.5;
        if (c == boolean.class || c == Boolean.class) return true;
        if (c == Instant.class) return Instant.parse("2026-11-24T10:15:30.123Z");
        if (c == UUID.class) return UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962");
        if (c == java.time.Duration.class) return java.time.Duration.ofSeconds(7);
        if (c == java.net.URI.class) return java.net.URI.create("http://127.0.0.1:8000/v1");
        if (tools.jackson.databind.JsonNode.class.isAssignableFrom(c)) {
            var node = JsonNodeFactory.instance.objectNode();
            node.put("label", "cat");
            node.putArray("tags").add(1).add("two");
            return node;
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[constants.length - 1];
        }
        if (c == io.annotrail.domain.common.ReviewPolicy.class) {
            return io.annotrail.domain.common.ReviewPolicy.sample(0.25);
        }
        if (c.isRecord()) {
            RecordComponent[] components = c.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = sample(components[i].getGenericType(), depth + 1);
                types[i] = components[i].getType();
            }
            return c.getDeclaredConstructor(types).newInstance(args);
        }
        throw new IllegalArgumentException("no sample for " + type);
    }
}
