package io.annotrail.command.infra;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;

/** How an optimistic-concurrency conflict on an aggregate shows up, whichever layer reports it. */
public final class Conflicts {

    private Conflicts() {
    }

    /**
     * Another unit of work appended to the same aggregate first (the event store's unique key on aggregate and
     * sequence caught it). Retrying reloads the aggregate with that event and decides again.
     */
    public static boolean isConcurrencyConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException
                    || t instanceof EventStoreException && t.getMessage() != null
                    && t.getMessage().contains("was already inserted")) {
                return true;
            }
        }
        return false;
    }
}
