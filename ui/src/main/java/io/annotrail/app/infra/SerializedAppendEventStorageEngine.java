package io.annotrail.app.infra;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Axon's JDBC storage engine with one addition: every append first takes a transaction-scoped advisory lock.
 * <p>
 * Why: the global index comes from an identity column, whose values are handed out at insert time but become
 * visible at commit. Without ordering, a long transaction (a large import) leaves a "gap" that tracking
 * processors must wait for, and gaps older than the gap timeout or further back than the maximum gap offset are
 * given up — the events behind them are then silently skipped by projections. Appends happen at the very end
 * of a unit of work, so holding the lock from the insert until commit serializes only the short append+commit
 * phase, and makes commit order equal index order: a reader never sees index n+1 before n.
 * <p>
 * Snapshot policy: none. No aggregate has a snapshot trigger (a task's stream is a dozen small events; a
 * snapshot would cost as much to read as the events it replaces), so the snapshot table stays empty and the
 * engine does not query it on every aggregate load. Configuring a snapshotter means removing that override.
 */
class SerializedAppendEventStorageEngine extends JdbcEventStorageEngine {

    /** An arbitrary constant shared by every instance of the application on the same database. */
    static final long APPEND_LOCK_KEY = 0x616e6e6f747261L; // "annotra"

    SerializedAppendEventStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected PreparedStatement appendEvents(Connection connection, List<? extends EventMessage<?>> events,
                                             Serializer serializer) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_xact_lock(" + APPEND_LOCK_KEY + ")");
        }
        return super.appendEvents(connection, events, serializer);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return Optional.empty();
    }
}
