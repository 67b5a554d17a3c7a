-- Query-side read models. Every table can be truncated and rebuilt by replaying the event store, so
-- nothing here is a source of truth; the last_seq columns hold the aggregate sequence number of the last
-- event applied and make redelivered events no-ops. Portable to PostgreSQL 14+.

-- ---------------------------------------------------------------------------------------------------
-- processing group "workspaces"
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE rm_workspace (
    workspace_id uuid        PRIMARY KEY,
    name         text        NOT NULL,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seq     bigint      NOT NULL
);

CREATE TABLE rm_member (
    workspace_id uuid NOT NULL,
    user_id      uuid NOT NULL,
    role         text NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
-- ListWorkspacesQuery: the workspaces of one user.
CREATE INDEX ix_rm_member_list_workspaces ON rm_member (user_id);

CREATE TABLE rm_project (
    project_id         uuid             PRIMARY KEY,
    workspace_id       uuid             NOT NULL,
    name               text             NOT NULL,
    instructions       text,
    schema_version     integer          NOT NULL,
    response_schema    jsonb,
    overlap            integer          NOT NULL,
    lease_seconds      integer          NOT NULL,
    review_mode        text             NOT NULL,
    review_sample_rate double precision NOT NULL,
    created_at         timestamptz      NOT NULL,
    last_seq           bigint           NOT NULL
);
-- ListProjectsQuery
CREATE INDEX ix_rm_project_list_projects ON rm_project (workspace_id, name);

CREATE TABLE rm_batch (
    batch_id     uuid        PRIMARY KEY,
    project_id   uuid        NOT NULL,
    workspace_id uuid        NOT NULL,
    name         text        NOT NULL,
    status       text        NOT NULL,
    priority     integer     NOT NULL,
    task_count   bigint      NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seq     bigint      NOT NULL
);
-- ListBatchesQuery
CREATE INDEX ix_rm_batch_list_batches ON rm_batch (project_id, created_at, batch_id);

-- ---------------------------------------------------------------------------------------------------
-- processing group "tasks"
-- ---------------------------------------------------------------------------------------------------
-- doc is the TaskView produced by TaskFold; the scalar columns are copies of it for filtering and lists.
CREATE TABLE rm_task (
    task_id       uuid        PRIMARY KEY,
    project_id    uuid        NOT NULL,
    workspace_id  uuid        NOT NULL,
    batch_id      uuid        NOT NULL,
    external_id   text        NOT NULL,
    status        text        NOT NULL,
    annotations   integer     NOT NULL,
    active_leases integer     NOT NULL,
    doc           jsonb       NOT NULL,
    last_seq      bigint      NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
-- ListTasksQuery without filters, with a status filter, with a batch filter (status checked on the rows).
CREATE INDEX ix_rm_task_list_tasks           ON rm_task (project_id, created_at, task_id);
CREATE INDEX ix_rm_task_list_tasks_by_status ON rm_task (project_id, status, created_at, task_id);
CREATE INDEX ix_rm_task_list_tasks_by_batch  ON rm_task (batch_id, created_at, task_id);

-- Maintained by deltas in the same statement as the guarded rm_task write (ProjectProgressQuery).
CREATE TABLE rm_project_progress (
    project_id  uuid   PRIMARY KEY,
    tasks       bigint NOT NULL,
    open_tasks  bigint NOT NULL,
    in_progress bigint NOT NULL,
    submitted   bigint NOT NULL,
    in_review   bigint NOT NULL,
    completed   bigint NOT NULL,
    annotations bigint NOT NULL
);

-- ---------------------------------------------------------------------------------------------------
-- processing group "queue"
-- ---------------------------------------------------------------------------------------------------
-- The queue's own copy of batch state: tasks and batches are different aggregates and may be handled in
-- different segments, so a task row takes its batch state from here under a share lock.
CREATE TABLE rm_queue_batch (
    batch_id   uuid    PRIMARY KEY,
    project_id uuid    NOT NULL,
    status     text    NOT NULL,
    priority   integer NOT NULL,
    last_seq   bigint  NOT NULL
);

-- One row per task that can still take work; completed tasks and tasks of closed batches are deleted,
-- which keeps the table small. free_slots = overlap - occupied.
CREATE TABLE rm_queue (
    task_id    uuid    PRIMARY KEY,
    project_id uuid    NOT NULL,
    batch_id   uuid    NOT NULL,
    overlap    integer NOT NULL,
    free_slots integer NOT NULL,
    priority   integer NOT NULL,
    batch_open boolean NOT NULL,
    position   bigint  NOT NULL,
    last_seq   bigint  NOT NULL
);
-- ClaimQueue.lockNextCandidate: only claimable rows are indexed, in hand-out order.
CREATE INDEX ix_rm_queue_lock_next_candidate ON rm_queue (project_id, priority DESC, position)
    WHERE batch_open AND free_slots > 0;
-- Batch opened / paused / priority changed / closed.
CREATE INDEX ix_rm_queue_batch_changes ON rm_queue (batch_id);

-- Users who hold a lease on, annotated or skipped a task; never offered that task again by the queue.
CREATE TABLE rm_queue_participant (
    task_id      uuid    NOT NULL REFERENCES rm_queue (task_id) ON DELETE CASCADE,
    user_id      uuid    NOT NULL,
    lease_id     uuid,
    lease_rework boolean NOT NULL,
    annotated    boolean NOT NULL,
    finished     boolean NOT NULL,
    PRIMARY KEY (task_id, user_id)
);

-- Slots reserved for the annotator of a rejected annotation.
CREATE TABLE rm_queue_rework (
    task_id       uuid NOT NULL REFERENCES rm_queue (task_id) ON DELETE CASCADE,
    user_id       uuid NOT NULL,
    annotation_id uuid NOT NULL,
    PRIMARY KEY (task_id, user_id)
);
-- ClaimQueue.lockNextCandidate: rework first.
CREATE INDEX ix_rm_queue_rework_lock_next_candidate ON rm_queue_rework (user_id);
