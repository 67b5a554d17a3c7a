package io.annotrail.app.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * When a read model's processor counts as lagging: more than {@code events} events behind the head of the event
 * store, or its oldest unprocessed event older than {@code time}.
 */
@ConfigurationProperties("annotrail.processor-lag")
public record ProcessorLagProperties(long events, Duration time) {
}
