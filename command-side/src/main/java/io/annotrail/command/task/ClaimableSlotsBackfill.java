package io.annotrail.command.task;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Fills the claimable-slot tables on the first start after the upgrade that created them (V2_2 leaves a marker
 * row): every stored event, in global order, goes through the same fold as the live path ({@link ClaimableSlots}),
 * in one transaction that also deletes the marker. It runs before the application takes requests or starts its
 * processors. Several instances starting at once queue on the marker's row lock; the later ones find it gone.
 * Instances of the previous version must be stopped for the upgrade (their claims would not update the table).
 */
@Component
public class ClaimableSlotsBackfill implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ClaimableSlotsBackfill.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ObjectProvider<EventStorageEngine> storageEngine;
    private final ClaimableSlots slots;

    ClaimableSlotsBackfill(DataSource dataSource, PlatformTransactionManager transactionManager,
                           ObjectProvider<EventStorageEngine> storageEngine, ClaimableSlots slots) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.storageEngine = storageEngine;
        this.slots = slots;
    }

    @Override
    public void afterSingletonsInstantiated() {
        fillIfPending();
    }

    /** Answers how many events were folded, or -1 when nothing was pending. */
    public long fillIfPending() {
        Long folded = transactions.execute(status -> {
            boolean pending = jdbc.sql("SELECT pending FROM cmd_claimable_backfill FOR UPDATE")
                    .query(Boolean.class).optional().isPresent();
            if (!pending) {
                return -1L;
            }
            EventStorageEngine engine = storageEngine.getIfAvailable();
            if (engine == null) {
                throw new IllegalStateException("the claimable-slot tables need a backfill from the event store, "
                        + "but this instance has no JDBC event storage engine");
            }
            AtomicLong count = new AtomicLong();
            try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(null, false)) {
                events.forEach(event -> {
                    if (event instanceof DomainEventMessage<?> domain) {
                        slots.apply(domain.getPayload(), domain.getSequenceNumber());
                    }
                    count.incrementAndGet();
                });
            }
            jdbc.sql("DELETE FROM cmd_claimable_backfill").update();
            return count.get();
        });
        if (folded != null && folded > 0) {
            log.info("Filled the claimable-slot tables from {} stored events", folded);
        }
        return folded == null ? -1 : folded;
    }
}
