-- Command-side lookup tables (the Directory). Written by the subscribing "command-directory" processor in
-- the same transaction as the events; every lookup the aggregates make is a primary-key lookup.

CREATE TABLE cmd_workspace (
    workspace_id uuid PRIMARY KEY
);

CREATE TABLE cmd_member (
    workspace_id uuid        NOT NULL,
    user_id      uuid        NOT NULL,
    role         varchar(16) NOT NULL,
    CONSTRAINT pk_cmd_member PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE cmd_project (
    project_id         uuid             PRIMARY KEY,
    workspace_id       uuid             NOT NULL,
    overlap            integer          NOT NULL,
    lease_seconds      integer          NOT NULL,
    review_mode        varchar(16)      NOT NULL,
    review_sample_rate double precision NOT NULL,
    schema_version     integer          NOT NULL
);

CREATE TABLE cmd_schema_version (
    project_id      uuid    NOT NULL,
    version         integer NOT NULL,
    -- text, not jsonb: the schema is kept exactly as it was versioned (key order included)
    response_schema text    NOT NULL,
    CONSTRAINT pk_cmd_schema_version PRIMARY KEY (project_id, version)
);

CREATE TABLE cmd_batch (
    batch_id     uuid        PRIMARY KEY,
    project_id   uuid        NOT NULL,
    workspace_id uuid        NOT NULL,
    status       varchar(16) NOT NULL,
    -- aggregate sequence number of the last event folded in; guards against applying an older status
    last_seq     bigint      NOT NULL
);

-- The unique key that makes external ids unique per project, even under concurrent imports.
CREATE TABLE cmd_external_id (
    project_id  uuid NOT NULL,
    external_id text NOT NULL,
    task_id     uuid NOT NULL,
    CONSTRAINT pk_cmd_external_id PRIMARY KEY (project_id, external_id)
);

CREATE TABLE cmd_lease (
    lease_id uuid PRIMARY KEY,
    task_id  uuid NOT NULL
);

CREATE TABLE cmd_annotation (
    annotation_id uuid PRIMARY KEY,
    task_id       uuid NOT NULL
);
