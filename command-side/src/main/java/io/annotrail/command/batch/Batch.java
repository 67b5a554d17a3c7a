package io.annotrail.command.batch;

import java.util.Map;
import java.util.HashMap;
import java.util.LinkedHashMap;
import io.annotrail.command.directory.Directory;
import io.annotrail.command.task.TaskStreams;
import io.annotrail.command.infra.Checks;
import io.annotrail.domain.batch.BatchClosedEvent;
import io.annotrail.domain.batch.BatchCreatedEvent;
import io.annotrail.domain.batch.BatchOpenedEvent;
import io.annotrail.domain.batch.BatchPausedEvent;
import io.annotrail.domain.batch.BatchPriorityChangedEvent;
import io.annotrail.domain.batch.ChangeBatchPriorityCommand;
import io.annotrail.domain.batch.CloseBatchCommand;
import io.annotrail.domain.batch.CreateBatchCommand;
import io.annotrail.domain.batch.ImportResult;
import io.annotrail.domain.batch.ImportTasksCommand;
import io.annotrail.domain.batch.OpenBatchCommand;
import io.annotrail.domain.batch.PauseBatchCommand;
import io.annotrail.domain.batch.TaskInput;
import io.annotrail.domain.batch.TasksImportedEvent;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.BatchStatus;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.task.TaskCreatedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A batch of tasks: DRAFT → OPEN ⇄ PAUSED → CLOSED, where CLOSED is reachable from every other state and
 * final. Imports create the tasks; external ids are unique per project through the directory's unique key.
 */
@Aggregate
public class Batch {


    static final int MIN_PRIORITY = -1000;
    static final int MAX_PRIORITY = 1000;
    static final int MAX_EXTERNAL_ID_LENGTH = 200;

    @AggregateIdentifier
    private BatchId batchId;
    private ProjectId projectId;
    private WorkspaceId workspaceId;
    private BatchStatus status;
    private int priority;

    protected Batch() {
    }

    @CommandHandler
    public Batch(CreateBatchCommand command, Directory directory) {
        UserId actor = Checks.actor(command.actor());
        ProjectId project = Checks.present(command.projectId(), "projectId");
        Directory.ProjectEntry entry = directory.project(project)
                .orElseThrow(() -> new DomainException(ErrorCode.PROJECT_NOT_FOUND, "not found"));
        directory.requireRole(entry.workspaceId(), actor, Role.MANAGING, ErrorCode.PROJECT_NOT_FOUND);
        if (directory.batch(command.batchId()).isPresent()) {
            throw new DomainException(ErrorCode.ALREADY_EXISTS, "batch " + command.batchId() + " exists already");
        }
        String name = Checks.name(command.name(), "name");
        requirePriority(command.priority());
        apply(new BatchCreatedEvent(command.batchId(), project, entry.workspaceId(), name, command.priority()));
    }

    @CommandHandler
    void handle(OpenBatchCommand command, Directory directory) {
        authorize(command.actor(), directory);
        switch (status) {
            case OPEN -> {
                // opening an open batch is a harmless retry
            }
            case DRAFT, PAUSED -> apply(new BatchOpenedEvent(batchId, projectId));
            case CLOSED -> throw invalidTransition(BatchStatus.OPEN);
        }
    }

    @CommandHandler
    void handle(PauseBatchCommand command, Directory directory) {
        authorize(command.actor(), directory);
        if (status != BatchStatus.OPEN) {
            throw invalidTransition(BatchStatus.PAUSED);
        }
        apply(new BatchPausedEvent(batchId, projectId));
    }

    @CommandHandler
    void handle(CloseBatchCommand command, Directory directory) {
        authorize(command.actor(), directory);
        if (status == BatchStatus.CLOSED) {
            throw invalidTransition(BatchStatus.CLOSED);
        }
        apply(new BatchClosedEvent(batchId, projectId));
    }

    @CommandHandler
    void handle(ChangeBatchPriorityCommand command, Directory directory) {
        authorize(command.actor(), directory);
        requirePriority(command.priority());
        if (status == BatchStatus.CLOSED) {
            throw new DomainException(ErrorCode.INVALID_TRANSITION, "a CLOSED batch cannot be changed");
        }
        if (command.priority() != priority) {
            apply(new BatchPriorityChangedEvent(batchId, projectId, command.priority()));
        }
    }

    /**
     * One command, one unit of work: every reservation, every task and the summary are committed together or
     * not at all, so a failed import leaves no half-reserved external ids behind.
     */
    @CommandHandler
    ImportResult handle(ImportTasksCommand command, Directory directory, TaskStreams taskStreams) {
        authorize(command.actor(), directory);
        if (status == BatchStatus.CLOSED) {
            throw new DomainException(ErrorCode.INVALID_TRANSITION, "tasks cannot be imported into a CLOSED batch");
        }
        List<TaskInput> inputs = command.tasks() == null ? List.of() : command.tasks();
        requireValidInputs(inputs);
        Directory.ProjectEntry project = directory.project(projectId)
                .orElseThrow(() -> new DomainException(ErrorCode.PROJECT_NOT_FOUND, "not found"));

        // Repeats inside this command are duplicates too; the directory only sees distinct ids.
        Map<String, TaskId> candidates = new LinkedHashMap<>();
        Map<String, TaskInput> inputByExternalId = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (TaskInput input : inputs) {
            String externalId = input.externalId().strip();
            if (candidates.putIfAbsent(externalId, input.taskId()) == null) {
                inputByExternalId.put(externalId, input);
            } else {
                duplicates.add(externalId);
            }
        }
        List<String> reserved = directory.reserveExternalIds(projectId, candidates);
        Set<String> reservedSet = new HashSet<>(reserved);
        candidates.keySet().stream().filter(id -> !reservedSet.contains(id)).forEach(duplicates::add);

        List<TaskCreatedEvent> created = new ArrayList<>(reserved.size());
        for (String externalId : reserved) {
            TaskInput input = inputByExternalId.get(externalId);
            created.add(new TaskCreatedEvent(input.taskId(), projectId, workspaceId, batchId, externalId, input.data(),
                    project.overlap(), project.leaseSeconds(), project.reviewPolicy()));
        }
        taskStreams.start(created);
        int accepted = created.size();
        apply(new TasksImportedEvent(batchId, projectId, accepted, duplicates.size()));
        return new ImportResult(accepted, List.copyOf(duplicates));
    }

    private static void requireValidInputs(List<TaskInput> inputs) {
        if (inputs.isEmpty()) {
            throw Checks.invalid("tasks", "must not be empty");
        }
        List<Violation> violations = new ArrayList<>();
        Set<TaskId> taskIds = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            TaskInput input = inputs.get(i);
            String at = "/tasks/" + i;
            if (input == null) {
                violations.add(new Violation(at, "is required"));
                continue;
            }
            if (input.taskId() == null) {
                violations.add(new Violation(at + "/taskId", "is required"));
            } else if (!taskIds.add(input.taskId())) {
                violations.add(new Violation(at + "/taskId", "is used twice in this import"));
            }
            String externalId = input.externalId() == null ? "" : input.externalId().strip();
            if (externalId.isEmpty() || externalId.length() > MAX_EXTERNAL_ID_LENGTH) {
                violations.add(new Violation(at + "/externalId", "must be 1.." + MAX_EXTERNAL_ID_LENGTH + " characters"));
            }
            if (input.data() == null) {
                violations.add(new Violation(at + "/data", "is required"));
            }
        }
        if (!violations.isEmpty()) {
            throw Checks.invalid(violations);
        }
    }

    private void authorize(UserId actor, Directory directory) {
        directory.requireRole(workspaceId, Checks.actor(actor), Role.MANAGING, ErrorCode.BATCH_NOT_FOUND);
    }

    private DomainException invalidTransition(BatchStatus target) {
        return new DomainException(ErrorCode.INVALID_TRANSITION, "a batch cannot go from " + status + " to " + target);
    }

    private static void requirePriority(int priority) {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw Checks.invalid("priority", "must be " + MIN_PRIORITY + ".." + MAX_PRIORITY);
        }
    }

    @EventSourcingHandler
    void on(BatchCreatedEvent event) {
        batchId = event.batchId();
        projectId = event.projectId();
        workspaceId = event.workspaceId();
        priority = event.priority();
        status = BatchStatus.DRAFT;
    }

    @EventSourcingHandler
    void on(BatchOpenedEvent event) {
        status = BatchStatus.OPEN;
    }

    @EventSourcingHandler
    void on(BatchPausedEvent event) {
        status = BatchStatus.PAUSED;
    }

    @EventSourcingHandler
    void on(BatchClosedEvent event) {
        status = BatchStatus.CLOSED;
    }

    @EventSourcingHandler
    void on(BatchPriorityChangedEvent event) {
        priority = event.priority();
    }
}
