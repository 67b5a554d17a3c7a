-- Accounts and personal access tokens. Kept out of the event store on purpose: events are forever, and
-- password hashes and token hashes must be deletable.
CREATE TABLE app_user (
    id            UUID PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(255),
    display_name  VARCHAR(200),
    system_admin  BOOLEAN      NOT NULL DEFAULT FALSE,
    oidc_issuer   VARCHAR(512),
    oidc_subject  VARCHAR(255),
    disabled      BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX app_user_username_uk ON app_user (lower(username));
CREATE UNIQUE INDEX app_user_oidc_uk ON app_user (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

CREATE TABLE app_access_token (
    id           UUID PRIMARY KEY,
    user_id      UUID         NOT NULL REFERENCES app_user (id),
    token_hash   BYTEA        NOT NULL,
    name         VARCHAR(100),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX app_access_token_hash_uk ON app_access_token (token_hash);
CREATE INDEX app_access_token_user_idx ON app_access_token (user_id);
