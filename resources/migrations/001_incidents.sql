-- Watchpost schema 1: incidents, their timeline, follow-ups, runbook updates, API tokens.
-- Times are UTC milliseconds since the epoch (BIGINT-compatible for PostgreSQL).
-- Statements end with ';' followed by a blank line.

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    state TEXT NOT NULL CHECK (state IN ('reported', 'acknowledged', 'contained', 'resolved', 'closed')),
    source_kind TEXT NOT NULL,
    source_signal TEXT,
    reporter TEXT NOT NULL,
    reported_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    contained_at INTEGER,
    resolved_at INTEGER,
    closed_at INTEGER,
    acknowledge_due_at INTEGER NOT NULL,
    containment_due_at INTEGER NOT NULL,
    root_cause TEXT,
    impact_summary TEXT,
    mitigation_steps TEXT,
    approval_note TEXT,
    approver TEXT,
    postmortem_url TEXT,
    narrative_people TEXT,
    narrative_process TEXT,
    narrative_technology TEXT,
    UNIQUE (year, seq)
);

CREATE INDEX incidents_state ON incidents (state, id);

CREATE INDEX incidents_severity ON incidents (severity, id);

CREATE INDEX incidents_reported ON incidents (reported_at);

CREATE TABLE incident_assets (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    kind TEXT NOT NULL,
    identifier TEXT NOT NULL
);

CREATE INDEX incident_assets_incident ON incident_assets (incident_id);

CREATE TABLE incident_iocs (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    type TEXT NOT NULL,
    value TEXT NOT NULL
);

CREATE INDEX incident_iocs_incident ON incident_iocs (incident_id);

CREATE TABLE timeline_entries (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL,
    corrects_id INTEGER REFERENCES timeline_entries (id)
);

CREATE INDEX timeline_entries_incident ON timeline_entries (incident_id, id);

CREATE TRIGGER timeline_entries_no_update BEFORE UPDATE ON timeline_entries
BEGIN
    SELECT RAISE(ABORT, 'timeline entries are append-only');
END;

CREATE TRIGGER timeline_entries_no_delete BEFORE DELETE ON timeline_entries
BEGIN
    SELECT RAISE(ABORT, 'timeline entries are append-only');
END;

CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    action TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due_at INTEGER,
    validation_criteria TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    created_at INTEGER NOT NULL
);

CREATE INDEX follow_ups_incident ON follow_ups (incident_id);

CREATE TABLE runbook_updates (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    text TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX runbook_updates_incident ON runbook_updates (incident_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'responder', 'viewer', 'automation')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER
);
