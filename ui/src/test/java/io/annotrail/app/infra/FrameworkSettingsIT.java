package io.annotrail.app.infra;

import io.annotrail.app.IntegrationTest;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.springboot.EventProcessorProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The Axon settings chosen on purpose for the hot path (BENCHMARKS.md, "Framework settings") stay chosen. */
class FrameworkSettingsIT extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    EventProcessorProperties processors;

    @Autowired
    EventStorageEngine storageEngine;

    @Test
    void noHandlerIsWrappedInAxonsTimeoutWatchdog() {
        assertThat(context.getBeansOfType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
    }

    @Test
    void everyProcessorWithADeadLetterQueueCachesItsSequenceIdentifiers() {
        var withQueue = processors.getProcessors().entrySet().stream()
                .filter(e -> e.getValue().getDlq().isEnabled())
                .toList();
        assertThat(withQueue).isNotEmpty();
        assertThat(withQueue).allSatisfy(e ->
                assertThat(e.getValue().getDlq().getCache().isEnabled()).as(e.getKey()).isTrue());
    }

    @Test
    void aggregatesAreLoadedWithoutLookingForASnapshot() {
        assertThat(storageEngine.readSnapshot("any-aggregate")).isEmpty();
    }
}
