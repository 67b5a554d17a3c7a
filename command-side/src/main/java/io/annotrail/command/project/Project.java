package io.annotrail.command.project;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.infra.Checks;
import io.annotrail.command.schema.SchemaValidation;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.Role;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.project.ChangeResponseSchemaCommand;
import io.annotrail.domain.project.CreateProjectCommand;
import io.annotrail.domain.project.ProjectCreatedEvent;
import io.annotrail.domain.project.ResponseSchemaVersionedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A project: its settings and its versioned response schema. Every schema change, the first included, is a
 * new version, so an annotation can always name the exact schema it was validated against.
 */
@Aggregate
public class Project {

    static final int MIN_OVERLAP = 1;
    static final int MAX_OVERLAP = 20;
    static final int DEFAULT_OVERLAP = 1;
    static final int MIN_LEASE_SECONDS = 30;
    static final int MAX_LEASE_SECONDS = 86_400;
    static final int DEFAULT_LEASE_SECONDS = 600;

    @AggregateIdentifier
    private ProjectId projectId;
    private WorkspaceId workspaceId;
    private int schemaVersion;

    protected Project() {
    }

    @CommandHandler
    public Project(CreateProjectCommand command, Directory directory, SchemaValidation schemaValidation) {
        UserId actor = Checks.actor(command.actor());
        WorkspaceId workspace = Checks.present(command.workspaceId(), "workspaceId");
        directory.requireRole(workspace, actor, Role.MANAGING, ErrorCode.WORKSPACE_NOT_FOUND);
        if (directory.project(command.projectId()).isPresent()) {
            throw new DomainException(ErrorCode.ALREADY_EXISTS, "project " + command.projectId() + " exists already");
        }
        // 0 stands for "not given" in the int components of the command
        int overlap = command.overlap() == 0 ? DEFAULT_OVERLAP : command.overlap();
        int leaseSeconds = command.leaseSeconds() == 0 ? DEFAULT_LEASE_SECONDS : command.leaseSeconds();
        ReviewPolicy reviewPolicy = command.reviewPolicy() == null ? ReviewPolicy.NONE : command.reviewPolicy();
        String name = command.name() == null ? "" : command.name().strip();

        List<Violation> violations = new ArrayList<>();
        if (name.isEmpty() || name.length() > Checks.MAX_NAME_LENGTH) {
            violations.add(new Violation("name", "must be 1.." + Checks.MAX_NAME_LENGTH + " characters"));
        }
        if (overlap < MIN_OVERLAP || overlap > MAX_OVERLAP) {
            violations.add(new Violation("overlap", "must be " + MIN_OVERLAP + ".." + MAX_OVERLAP));
        }
        if (leaseSeconds < MIN_LEASE_SECONDS || leaseSeconds > MAX_LEASE_SECONDS) {
            violations.add(new Violation("leaseSeconds", "must be " + MIN_LEASE_SECONDS + ".." + MAX_LEASE_SECONDS));
        }
        if (!violations.isEmpty()) {
            throw Checks.invalid(violations);
        }
        schemaValidation.requireValidSchema(command.responseSchema());

        String instructions = command.instructions() == null ? "" : command.instructions();
        apply(new ProjectCreatedEvent(command.projectId(), workspace, name, instructions, overlap, leaseSeconds, reviewPolicy));
        apply(new ResponseSchemaVersionedEvent(command.projectId(), workspace, 1, command.responseSchema()));
    }

    @CommandHandler
    void handle(ChangeResponseSchemaCommand command, Directory directory, SchemaValidation schemaValidation) {
        UserId actor = Checks.actor(command.actor());
        directory.requireRole(workspaceId, actor, Role.MANAGING, ErrorCode.PROJECT_NOT_FOUND);
        schemaValidation.requireValidSchema(command.responseSchema());
        apply(new ResponseSchemaVersionedEvent(projectId, workspaceId, schemaVersion + 1, command.responseSchema()));
    }

    @EventSourcingHandler
    void on(ProjectCreatedEvent event) {
        projectId = event.projectId();
        workspaceId = event.workspaceId();
    }

    @EventSourcingHandler
    void on(ResponseSchemaVersionedEvent event) {
        schemaVersion = event.version();
    }
}
