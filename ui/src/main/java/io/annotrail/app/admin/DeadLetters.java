package io.annotrail.app.admin;

import io.annotrail.app.infra.AnnotrailProperties;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
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

    public record GroupStatus(String processingGroup, long sequences, long letters) {
    }

    public Map<String, GroupStatus> status() {
        Map<String, GroupStatus> out = new LinkedHashMap<>();
        for (String group : processing.eventProcessors().keySet()) {
            processing.deadLetterQueue(group).ifPresent(queue ->
                    out.put(group, new GroupStatus(group, queue.amountOfSequences(), queue.size())));
        }
        return out;
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
        Object retries = letter.diagnostics().get(RETRIES);
        int count = retries instanceof Number n ? n.intValue() : 0;
        return count < properties.deadLetters().maxRetries();
    }
}
