package io.annotrail.app.admin;

import com.vaadin.hilla.BrowserCallable;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The system page of the browser UI (system administrators): the read models' processors, their dead letters, and
 * the retry and rebuild actions. The REST controller's code paths, with its checks.
 */
@BrowserCallable
@RolesAllowed("SYSTEM_ADMIN")
public class SystemService {

    /** One event processor; {@code deadLetters} is null for a processor without a dead-letter queue (sagas). */
    public record ProcessorItem(@NonNull String name, @NonNull String state, @Nullable String error, long position,
                                long head, long behind, @Nullable Long behindSeconds, @Nullable Long deadLetters,
                                @Nullable Long deadLetterSequences, boolean rebuildable) {
    }

    public record LetterItem(@NonNull String group, @NonNull String eventId, @NonNull String eventType,
                             @Nullable String aggregateId, @Nullable Long seq, @Nullable String enqueuedAt,
                             @Nullable String causeType, @Nullable String causeMessage, int retries) {
    }

    public record Overview(@NonNull List<@NonNull ProcessorItem> processors, @NonNull List<@NonNull LetterItem> deadLetters) {
    }

    private final AdminController rest;

    SystemService(AdminController rest) {
        this.rest = rest;
    }

    public @NonNull Overview overview() {
        var groups = rest.deadLetters();
        List<ProcessorItem> processors = new ArrayList<>();
        for (Projections.Status p : rest.projections()) {
            var group = groups.stream().filter(g -> g.processingGroup().equals(p.name())).findFirst();
            processors.add(new ProcessorItem(p.name(), p.state(), p.errorMessage(), p.position(), p.head(), p.behind(),
                    p.behindSeconds(), group.map(DeadLetters.GroupStatus::letters).orElse(null),
                    group.map(DeadLetters.GroupStatus::sequences).orElse(null), p.rebuildable()));
        }
        List<LetterItem> letters = new ArrayList<>();
        for (DeadLetters.GroupStatus g : groups) {
            for (DeadLetters.Letter l : g.entries()) {
                letters.add(new LetterItem(g.processingGroup(), l.eventId(), l.eventType(), l.aggregateId(), l.seq(),
                        text(l.enqueuedAt()), l.causeType(), l.causeMessage(), l.retries()));
            }
        }
        return new Overview(processors, letters);
    }

    /** Answers how many dead-lettered sequences were applied this time. */
    public int retryDeadLetters(@NotBlank @Size(max = 200) String group) {
        return rest.retry(group).processed();
    }

    public void rebuild(@NotBlank @Size(max = 200) String name) {
        rest.rebuild(name);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
