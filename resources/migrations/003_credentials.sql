-- Watchpost schema 3: credentials (API keys) and their sessions, signing keys, the owner, the chained audit
-- log, managed secrets with staged versions, and rotation history.
-- Statements end with ';' followed by a blank line.

ALTER TABLE api_tokens ADD COLUMN owner TEXT;

ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;

ALTER TABLE api_tokens ADD COLUMN revoked_reason TEXT;

-- "immediate": its sessions are refused from the revocation on; "at_expiry": they run out.
ALTER TABLE api_tokens ADD COLUMN revoked_sessions TEXT;

CREATE TABLE signing_keys (
    key_id TEXT PRIMARY KEY,
    public_key BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    -- a key staged by a rotation verifies its probe but signs nothing until the rotation finishes
    pending INTEGER NOT NULL DEFAULT 0,
    -- from this time on, tokens it signed are refused (a planned rotation may leave a grace window)
    retired_at INTEGER
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    credential_id INTEGER NOT NULL REFERENCES api_tokens (id),
    key_id TEXT NOT NULL REFERENCES signing_keys (key_id),
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    invalidated_at INTEGER,
    invalidated_reason TEXT
);

CREATE INDEX sessions_credential ON sessions (credential_id, issued_at);

-- Forced re-authentication: sessions issued before `required_at` are refused until the client has a new one.
CREATE TABLE reauthentications (
    id INTEGER PRIMARY KEY,
    required_at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE TABLE owner_account (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    scrypt_salt BLOB NOT NULL,
    scrypt_hash BLOB NOT NULL,
    scrypt_n INTEGER NOT NULL,
    scrypt_r INTEGER NOT NULL,
    scrypt_p INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    -- "stay signed in": SHA-256 of a random token kept in the keychain; cleared when re-authentication is forced
    remember_hash TEXT
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    targets TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE INDEX audit_log_action ON audit_log (action);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;

CREATE TABLE managed_secrets (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('github_webhook', 'signing_key', 'generic')),
    config TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE secret_versions (
    id INTEGER PRIMARY KEY,
    secret_name TEXT NOT NULL REFERENCES managed_secrets (name),
    version INTEGER NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('pending', 'current', 'previous', 'revoked', 'abandoned')),
    created_at INTEGER NOT NULL,
    stage_changed_at INTEGER NOT NULL,
    revoke_at INTEGER,
    -- signing keys: the key id; the value itself is in the keychain or secrets/, never here
    reference TEXT,
    UNIQUE (secret_name, version)
);

CREATE TABLE rotations (
    id INTEGER PRIMARY KEY,
    secret_name TEXT NOT NULL REFERENCES managed_secrets (name),
    actor TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('completed', 'incomplete')),
    from_version INTEGER,
    to_version INTEGER NOT NULL,
    steps TEXT NOT NULL,
    remediation TEXT NOT NULL
);

CREATE TRIGGER rotations_no_update BEFORE UPDATE ON rotations
BEGIN
    SELECT RAISE(ABORT, 'rotation history is append-only');
END;

CREATE TRIGGER rotations_no_delete BEFORE DELETE ON rotations
BEGIN
    SELECT RAISE(ABORT, 'rotation history is append-only');
END;

-- Token-compromise recoveries: what each run did and whether containment is complete (posture shows the last).
CREATE TABLE recoveries (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('contained', 'degraded')),
    incident_id INTEGER REFERENCES incidents (id),
    report TEXT NOT NULL
);
