package io.annotrail.app.admin;

import io.annotrail.app.infra.AnnotrailProperties;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dead letters: events a projection failed on, parked per processing group with every later event of the same
 * aggregate (so order per aggregate is kept) instead of being skipped. They are retried on a schedule up to a
 * bounded number of attempts, and an administrator can retry them at any time.
 */
@Service
public class DeadLetters {

    static final String RETRIES = "retries";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final EventProcessingConfiguration processing;
    private final AnnotrailProperties properties;

    DeadLetters(EventProcessingConfiguration processing, AnnotrailProperties properties) {
        this.processing = processing;
        this.properties = properties;
    }

    /** {@code entries}: the first {@link #LISTED} letters, sequence by sequence, oldest first within each. */
    public record GroupStatus(String processingGroup, long sequences, long letters, List<Letter> entries) {
    }

    /**
     * One parked event: which event ({@code aggregateId}/{@code seq} for a domain event), since when, why
     * ({@code causeType}, {@code causeMessage}: cut to 4000 characters) and how often it was retried.
     */
    public record Letter(String eventId, String eventType, String aggregateId, Long seq, Instant eventAt,
                         Instant enqueuedAt, Instant lastTouched, String causeType, String causeMessage, int retries) {
    }

    static final int LISTED = 100;

    /** Counts of every group with a dead-letter queue; no letters listed. */
    public Map<String, GroupStatus> counts() {
        Map<String, GroupStatus> out = new LinkedHashMap<>();
        for (String group : processing.eventProcessors().keySet()) {
            processing.deadLetterQueue(group).ifPresent(queue ->
                    out.put(group, new GroupStatus(group, queue.amountOfSequences(), queue.size(), List.of())));
        }
        return out;
    }

    public Map<String, GroupStatus> status() {
        Map<String, GroupStatus> out = new LinkedHashMap<>();
        for (String group : processing.eventProcessors().keySet()) {
            processing.deadLetterQueue(group).ifPresent(queue -> {
                long sequences = queue.amountOfSequences();
                out.put(group, new GroupStatus(group, sequences, queue.size(),
                        sequences == 0 ? List.of() : letters(queue)));
            });
        }
        return out;
    }

    private static List<Letter> letters(SequencedDeadLetterQueue<EventMessage<?>> queue) {
        List<Letter> out = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (out.size() >= LISTED) {
                    return out;
                }
                out.add(letter(letter));
            }
        }
        return out;
    }

    private static Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        String aggregateId = null;
        Long seq = null;
        if (event instanceof DomainEventMessage<?> domain) {
            aggregateId = domain.getAggregateIdentifier();
            seq = domain.getSequenceNumber();
        }
        String type;
        try {
            type = event.getPayloadType().getSimpleName();
        } catch (RuntimeException e) {
            type = "unknown"; // a payload class that no longer exists: the letter is still listed
        }
        return new Letter(event.getIdentifier(), type, aggregateId, seq, event.getTimestamp(), letter.enqueuedAt(),
                letter.lastTouched(), letter.cause().map(Cause::type).orElse(null),
                letter.cause().map(Cause::message).orElse(null), retries(letter));
    }

    private static int retries(DeadLetter<?> letter) {
        return letter.diagnostics().get(RETRIES) instanceof Number n ? n.intValue() : 0;
    }

    /** Retries every dead-lettered sequence of a group once, whatever its retry count; answers how many succeeded. */
    public int retryAll(String group) {
        var processor = processing.sequencedDeadLetterProcessor(group)
                .orElseThrow(() -> new IllegalArgumentException("no dead-letter queue for " + group));
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(group).orElseThrow();
        long sequences = queue.amountOfSequences();
        int succeeded = 0;
        for (long i = 0; i < sequences; i++) {
            if (processor.processAny()) {
                succeeded++;
            }
        }
        return succeeded;
    }

    public boolean hasGroup(String group) {
        return processing.deadLetterQueue(group).isPresent();
    }

    @Scheduled(fixedDelayString = "${annotrail.dead-letters.retry-interval:PT30S}",
            initialDelayString = "${annotrail.dead-letters.retry-interval:PT30S}")
    void retryOnSchedule() {
        for (String group : processing.eventProcessors().keySet()) {
            processing.sequencedDeadLetterProcessor(group).ifPresent(processor -> {
                try {
                    while (processor.process(this::worthRetrying)) {
                        log.info("Dead-lettered sequence of {} processed on retry", group);
                    }
                } catch (RuntimeException e) {
                    log.warn("Retrying dead letters of {} failed", group, e);
                }
            });
        }
    }

    private boolean worthRetrying(DeadLetter<? extends EventMessage<?>> letter) {
        return retries(letter) < properties.deadLetters().maxRetries();
    }
}
