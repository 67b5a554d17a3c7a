-- Uploaded assets. The bytes live in the asset store (Azure Blob Storage or the data directory); this table says
-- which project owns each asset, so that a claim hands out signed URLs only for assets of the claimed task's
-- project, and what the bytes were found to be when they arrived.
CREATE TABLE app_asset (
    id           UUID         PRIMARY KEY,
    project_id   UUID         NOT NULL,
    storage_key  VARCHAR(100) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size_bytes   BIGINT       NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    file_name    VARCHAR(200) NOT NULL,
    uploaded_by  UUID         NOT NULL,
    uploaded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX app_asset_storage_key_uk ON app_asset (storage_key);
CREATE INDEX app_asset_project_idx ON app_asset (project_id);
