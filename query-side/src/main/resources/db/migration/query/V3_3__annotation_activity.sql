-- processing group "tasks": one row per submitted annotation, for the project dashboard (throughput over time,
-- per-annotator counts) and the reviewers' queue. Rebuilt by replay like every read model.
CREATE TABLE rm_annotation_activity (
    annotation_id uuid        PRIMARY KEY,
    task_id       uuid        NOT NULL,
    project_id    uuid        NOT NULL,
    annotator_id  uuid        NOT NULL,
    submitted_at  timestamptz NOT NULL,
    -- NOT_REQUIRED, PENDING, ACCEPTED or REJECTED (the task fold's review states)
    review_status text        NOT NULL,
    reviewer_id   uuid,
    reviewed_at   timestamptz
);
-- ProjectActivityQuery: throughput buckets and per-annotator counts of one project.
CREATE INDEX ix_rm_annotation_activity_project ON rm_annotation_activity (project_id, submitted_at);
-- ReviewQueueQuery: annotations waiting for a reviewer, oldest first.
CREATE INDEX ix_rm_annotation_activity_review_queue ON rm_annotation_activity (project_id, submitted_at, task_id)
    WHERE review_status = 'PENDING';
