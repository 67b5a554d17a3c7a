package io.annotrail.app.admin;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code readModels} in {@code /actuator/health}: every event processor's state, and the dead letters per group.
 * <ul>
 * <li>{@code DOWN} while a processor has been in error for longer than the grace period
 * ({@link ProcessorLagProperties#errorGrace()}): it keeps failing a batch, so its read model is not kept current
 * and reads wait for it in vain. It is a failure, not maintenance, hence DOWN rather than OUT_OF_SERVICE. Within the
 * grace period the state is {@code RECOVERING} (unranked, so the overall status stays UP): a poisoned event is
 * parked within about a second, and a probe that catches that second must not see an outage.
 * The liveness and readiness groups do not include it: restarting cannot fix a failing event, and every instance
 * shares the database, so taking instances out of traffic would not help either.</li>
 * <li>{@code LAGGING} when a processor is beyond the lag bounds (a rebuild, or more load than it keeps up with).
 * Spring Boot does not rank a custom status, so the overall status stays UP (200): a slow read model still works.</li>
 * <li>Dead letters are only counted: they are events parked for a retry or an administrator while their processor
 * carries on, so the system is up.</li>
 * </ul>
 */
@Component("readModelsHealthIndicator")
class ReadModelsHealthIndicator implements HealthIndicator {

    static final Status LAGGING = new Status("LAGGING", "a read model is behind the event store");
    static final Status RECOVERING = new Status("RECOVERING", "a read model's processor is retrying a failed batch");

    private final Projections projections;
    private final DeadLetters deadLetters;
    private final Duration errorGrace;
    private final Clock clock;
    /** Since when each processor has been seen in error, without a healthy reading in between. */
    private final Map<String, Instant> inErrorSince = new ConcurrentHashMap<>();

    ReadModelsHealthIndicator(Projections projections, DeadLetters deadLetters, ProcessorLagProperties lag,
                              Clock clock) {
        this.projections = projections;
        this.deadLetters = deadLetters;
        this.errorGrace = lag.errorGrace();
        this.clock = clock;
    }

    @Override
    public Health health() {
        var letters = deadLetters.counts();
        Instant now = clock.instant();
        boolean error = false;
        boolean recovering = false;
        boolean lagging = false;
        Map<String, Object> processors = new LinkedHashMap<>();
        for (Projections.Status p : projections.status()) {
            if (p.error()) {
                Instant since = inErrorSince.computeIfAbsent(p.name(), name -> now);
                boolean persistent = !now.isBefore(since.plus(errorGrace));
                error |= persistent;
                recovering |= !persistent;
            } else {
                inErrorSince.remove(p.name());
            }
            lagging |= p.lagging();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", p.state());
            detail.put("position", p.position());
            detail.put("behind", p.behind());
            if (p.behindSeconds() != null) {
                detail.put("behindSeconds", p.behindSeconds());
            }
            if (p.errorMessage() != null) {
                detail.put("error", p.errorMessage());
            }
            var group = letters.get(p.name());
            if (group != null) {
                detail.put("deadLetters", group.letters());
                detail.put("deadLetterSequences", group.sequences());
            }
            processors.put(p.name(), detail);
        }
        long parked = letters.values().stream().mapToLong(DeadLetters.GroupStatus::letters).sum();
        Health.Builder health = error ? Health.down()
                : recovering ? Health.status(RECOVERING)
                : lagging ? Health.status(LAGGING) : Health.up();
        return health.withDetail("processors", processors).withDetail("deadLetters", parked).build();
    }
}
