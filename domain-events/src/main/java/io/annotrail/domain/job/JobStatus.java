package io.annotrail.domain.job;

/** RUNNING until exactly one of the final states is reached. */
public enum JobStatus {
    RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean finished() {
        return this != RUNNING;
    }
}
