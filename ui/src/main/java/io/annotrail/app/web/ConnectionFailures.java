package io.annotrail.app.web;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Whether a failure means "the database cannot be reached right now" (restarting, failing over, pool starved), as
 * opposed to a bug. Such a failure reached the client as a 500 although nothing was wrong with the request and a
 * retry a few seconds later succeeds, so it becomes a 503 with {@code Retry-After}. The cause chain is searched
 * because the same failure arrives wrapped differently on each path: Spring's JDBC and transaction exceptions,
 * Axon's event store and command bus wrappers, the servlet container's.
 * <p>
 * Nothing half-done hides behind the 503: a command that could not reach the database appended no event (the unit of
 * work and its transaction roll back together), and a read has no effect to lose.
 */
final class ConnectionFailures {

    /** PostgreSQL's "admin shutdown", "crash shutdown" and "cannot connect now" (the server is starting up). */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");
    private static final int MAX_DEPTH = 32;

    private ConnectionFailures() {
    }

    static boolean isCause(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof CannotGetJdbcConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_GOING_AWAY.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
