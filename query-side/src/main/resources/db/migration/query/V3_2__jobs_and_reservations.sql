-- Jobs (processing group "jobs") and bulk-assignment reservations in the claim queue (group "queue").
-- Like every read model, both can be truncated and rebuilt by replaying the event store.

CREATE TABLE rm_job (
    job_id                 uuid        PRIMARY KEY,
    type                   text        NOT NULL,
    status                 text        NOT NULL,
    workspace_id           uuid        NOT NULL,
    project_id             uuid        NOT NULL,
    requested_by           uuid        NOT NULL,
    done                   bigint      NOT NULL,
    total                  bigint      NOT NULL,
    failed                 bigint      NOT NULL,
    cancellation_requested boolean     NOT NULL,
    started_at             timestamptz NOT NULL,
    finished_at            timestamptz,
    result                 jsonb,
    error                  text,
    -- aggregate sequence number of the last event applied; makes redelivered events no-ops
    last_seq               bigint      NOT NULL
);

-- Slots a bulk assignment reserved for one annotator; the annotator's claim consumes the row.
CREATE TABLE rm_queue_reserved (
    task_id uuid NOT NULL REFERENCES rm_queue (task_id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    job_id  uuid NOT NULL,
    PRIMARY KEY (task_id, user_id)
);
-- ClaimQueue.lockNextCandidate (reserved work first) and the assignment's per-annotator load.
CREATE INDEX ix_rm_queue_reserved_lock_next_candidate ON rm_queue_reserved (user_id);

-- Assignment candidates: a project's tasks in external-id order (keyset pages).
CREATE INDEX ix_rm_task_assignment_candidates ON rm_task (project_id, external_id);
