package io.annotrail.command.task;

import io.annotrail.domain.task.TaskCreatedEvent;

import java.util.List;

/**
 * Starts task streams. A task exists once its first event, TaskCreatedEvent at sequence 0 of its own stream, is
 * stored; the {@link Task} aggregate is sourced from that stream like from any other.
 * <p>
 * Why not {@code AggregateLifecycle.createNew}: Axon's repository tracks every new aggregate of a unit of work
 * with a linear scan, which makes an import of n tasks cost n² (minutes for 100 000 tasks). The events are
 * published in the caller's unit of work, so they still commit together with the import's own event.
 */
public interface TaskStreams {

    void start(List<TaskCreatedEvent> tasks);
}
