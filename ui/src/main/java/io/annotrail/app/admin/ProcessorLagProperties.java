package io.annotrail.app.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * When a read model's processor counts as lagging: more than {@code events} events behind the head of the event
 * store, or its oldest unprocessed event older than {@code time}. {@code errorGrace}: how long a processor may be in
 * error before health says DOWN — a poisoned event puts it in error for the second or so it takes to retry the
 * batch and park that event, which is recovery at work, not an outage.
 */
@ConfigurationProperties("annotrail.processor-lag")
public record ProcessorLagProperties(long events, Duration time, @DefaultValue("PT10S") Duration errorGrace) {
}
