-- Watchpost schema 2: GitHub webhook hooks, deliveries, spoof telemetry, blocks, policy, alert links.
-- Statements end with ';' followed by a blank line.

CREATE TABLE webhook_hooks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    secret_set_at INTEGER,
    previous_secret_until INTEGER,
    last_verified_at INTEGER,
    last_verified_with TEXT,
    last_ping_at INTEGER
);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    hook_id TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    event TEXT NOT NULL,
    action TEXT,
    repository TEXT,
    body_sha256 TEXT NOT NULL,
    body BLOB NOT NULL,
    headers TEXT NOT NULL,
    source TEXT NOT NULL,
    verified_with TEXT NOT NULL CHECK (verified_with IN ('current', 'previous', 'file')),
    received_at INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    security_relevant INTEGER NOT NULL DEFAULT 0,
    incident_id INTEGER REFERENCES incidents (id),
    UNIQUE (hook_id, delivery_id)
);

CREATE INDEX webhook_deliveries_body ON webhook_deliveries (hook_id, body_sha256);

CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event, id);

CREATE TABLE webhook_refusals (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    reason TEXT NOT NULL,
    count INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    sample TEXT NOT NULL,
    UNIQUE (source, window_start, reason)
);

CREATE INDEX webhook_refusals_source ON webhook_refusals (source, window_start);

CREATE TABLE webhook_blocks (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    lifted_at INTEGER,
    lifted_by TEXT
);

CREATE INDEX webhook_blocks_source ON webhook_blocks (source, expires_at);

CREATE TABLE webhook_policy (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE github_alert_links (
    alert_key TEXT PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id)
);

CREATE TABLE incident_holds (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    reason TEXT NOT NULL,
    guidance TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    cleared_at INTEGER
);

CREATE INDEX incident_holds_incident ON incident_holds (incident_id);
