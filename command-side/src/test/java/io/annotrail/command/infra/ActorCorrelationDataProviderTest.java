package io.annotrail.command.infra;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActorCorrelationDataProviderTest {

    private final ActorCorrelationDataProvider provider = new ActorCorrelationDataProvider();

    @Test
    void theActorAndCorrelationIdOfACommandAreCarriedOver() {
        var command = GenericCommandMessage.asCommandMessage("payload")
                .withMetaData(Map.of("actor", "u-1", "correlationId", "c-1", "other", "x"));
        assertThat(provider.correlationDataFor(command)).isEqualTo(Map.of("actor", "u-1", "correlationId", "c-1"));
    }

    @Test
    void workDoneForADeadlineIsDoneBySystem() {
        var deadline = new GenericDeadlineMessage<>("lease-expiry", "payload",
                MetaData.with("actor", "u-1").and("correlationId", "c-1"));
        assertThat(provider.correlationDataFor(deadline)).isEqualTo(Map.of("actor", "system", "correlationId", "c-1"));
    }

    @Test
    void aMessageWithoutMetadataCarriesNothing() {
        assertThat(provider.correlationDataFor(GenericCommandMessage.asCommandMessage("payload"))).isEmpty();
    }
}
