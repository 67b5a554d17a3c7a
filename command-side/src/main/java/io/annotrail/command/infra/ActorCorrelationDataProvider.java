package io.annotrail.command.infra;

import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Carries who did it and which request it belonged to from the handled message into every message it
 * causes, so each stored event names its actor. Work triggered by a deadline was done by the platform
 * itself: its actor is {@value #SYSTEM}, whatever the deadline message carries.
 */
@Component
public class ActorCorrelationDataProvider implements CorrelationDataProvider {

    public static final String ACTOR = "actor";
    public static final String CORRELATION_ID = "correlationId";
    public static final String SYSTEM = "system";

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>(2);
        if (message instanceof DeadlineMessage<?>) {
            data.put(ACTOR, SYSTEM);
        } else {
            Object actor = message.getMetaData().get(ACTOR);
            if (actor != null) {
                data.put(ACTOR, actor);
            }
        }
        Object correlationId = message.getMetaData().get(CORRELATION_ID);
        if (correlationId != null) {
            data.put(CORRELATION_ID, correlationId);
        }
        return data;
    }
}
