package io.annotrail.app.web;

import io.annotrail.app.infra.AnnotrailProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadConstraints;

/** Bounds what any JSON body may cost to parse: nesting depth, string and number lengths, document size. */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

    @Bean
    JsonFactoryBuilderCustomizer jsonLimits(AnnotrailProperties properties) {
        return builder -> builder.streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(properties.limits().maxJsonDepth())
                .maxStringLength(Math.toIntExact(Math.min(Integer.MAX_VALUE, properties.limits().maxImportBytes())))
                .maxNumberLength(100)
                .maxNameLength(1_000)
                .build());
    }
}
