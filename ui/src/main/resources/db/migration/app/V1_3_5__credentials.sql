-- Credentials hardening. Numbered between V1_3 and the next app migration so that parallel branches adding
-- V1_4... never collide (Flyway runs out of order here).

-- Bumped whenever a user's credentials change (password change, disable): a browser session remembers the
-- version it signed in with and ends at its next request once the row has moved on.
ALTER TABLE app_user ADD COLUMN credentials_version BIGINT NOT NULL DEFAULT 0;

-- Sign-in throttling, shared by every instance on this database. One row per throttled key: a client address
-- (IPv6 by its /64) or an account (the lower-cased username as typed, existing or not, so the throttle never tells
-- which usernames exist). Rows are forgotten once the failures are older than the window.
CREATE TABLE app_sign_in_throttle (
    scope           VARCHAR(16)  NOT NULL,
    subject         VARCHAR(200) NOT NULL,
    failures        INTEGER      NOT NULL,
    last_failure_at TIMESTAMP WITH TIME ZONE NOT NULL,
    blocked_until   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (scope, subject)
);
CREATE INDEX app_sign_in_throttle_last_failure_idx ON app_sign_in_throttle (last_failure_at);

-- Addresses an account signed in from successfully: failures against the account from elsewhere do not delay
-- these, so an attacker cannot lock the real user out from where they usually work.
CREATE TABLE app_sign_in_known_address (
    username_key    VARCHAR(200) NOT NULL,
    address         VARCHAR(64)  NOT NULL,
    last_success_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (username_key, address)
);
CREATE INDEX app_sign_in_known_address_age_idx ON app_sign_in_known_address (last_success_at);
