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

-- Installations with tasks already: the "tasks" processing group is past those events and will not see them again,
-- so the rows come from the task documents (the same fold's output), reviews included.
INSERT INTO rm_annotation_activity (annotation_id, task_id, project_id, annotator_id, submitted_at, review_status,
                                    reviewer_id, reviewed_at)
SELECT (a->>'annotationId')::uuid, t.task_id, t.project_id, (a->>'annotatorId')::uuid,
       (a->>'submittedAt')::timestamptz, a->>'reviewStatus',
       (r->>'reviewerId')::uuid, (r->>'reviewedAt')::timestamptz
FROM rm_task t
CROSS JOIN LATERAL jsonb_array_elements(t.doc->'annotations') a
LEFT JOIN LATERAL (SELECT rv FROM jsonb_array_elements(t.doc->'reviews') rv
                   WHERE rv->>'annotationId' = a->>'annotationId'
                   ORDER BY rv->>'reviewedAt' DESC LIMIT 1) AS latest(r) ON true
ON CONFLICT (annotation_id) DO NOTHING;
