package io.annotrail.domain.task;

/** What a {@link ReserveTaskSlotCommand} did. */
public enum ReservationOutcome {
    RESERVED,
    /** every slot is taken (annotations, leases, rework or other reservations) */
    SKIPPED_FULL,
    /** the task is completed */
    SKIPPED_DONE,
    /** the assignee already annotated, skipped, holds a lease, owes a rework or has a reservation here */
    SKIPPED_ALREADY_ASSIGNED
}
