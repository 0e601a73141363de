-- The shipping kill switch (issue 12, story ST-SIR-007): engagements, their append-only history, and the decisions
-- taken while one is active, aggregated per engagement, minute, credential, action, target and outcome so a bot
-- asking millions of times cannot bloat the store. Times are integers (ms since the epoch). Each table takes part
-- in the change feed (codes 23-25 in SyncTables).

CREATE TABLE kill_switch_engagements (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    reason TEXT NOT NULL,
    scope TEXT NOT NULL,
    engaged_by TEXT NOT NULL,
    engaged_at INTEGER NOT NULL,
    expires_at INTEGER,
    released_at INTEGER,
    released_by TEXT,
    release_reason TEXT
);

-- At most one engagement not yet released (PostgreSQL takes the same partial unique index).
CREATE UNIQUE INDEX kill_switch_one_open ON kill_switch_engagements ((1)) WHERE released_at IS NULL;

CREATE TABLE kill_switch_history (
    id INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES kill_switch_engagements (id),
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    change TEXT NOT NULL,
    scope TEXT NOT NULL,
    detail TEXT NOT NULL
);

CREATE INDEX kill_switch_history_engagement ON kill_switch_history (engagement_id, id);

CREATE TRIGGER kill_switch_history_no_update BEFORE UPDATE ON kill_switch_history
BEGIN
    SELECT RAISE(ABORT, 'kill switch history is append-only');
END;

CREATE TRIGGER kill_switch_history_no_delete BEFORE DELETE ON kill_switch_history
BEGIN
    SELECT RAISE(ABORT, 'kill switch history is append-only');
END;

CREATE TABLE shipping_decisions (
    id INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES kill_switch_engagements (id),
    minute INTEGER NOT NULL,
    credential_id INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    allowed INTEGER NOT NULL,
    reason TEXT NOT NULL,
    count INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    samples TEXT NOT NULL
);

CREATE UNIQUE INDEX shipping_decisions_bucket
    ON shipping_decisions (engagement_id, minute, credential_id, action, target, allowed);

CREATE INDEX shipping_decisions_by_outcome ON shipping_decisions (engagement_id, allowed, id);

CREATE TRIGGER kill_switch_engagements_sync_insert AFTER INSERT ON kill_switch_engagements WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (23, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER kill_switch_engagements_sync_update AFTER UPDATE ON kill_switch_engagements WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (23, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER kill_switch_engagements_sync_delete AFTER DELETE ON kill_switch_engagements WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (23, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER kill_switch_history_sync_insert AFTER INSERT ON kill_switch_history WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (24, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER kill_switch_history_sync_update AFTER UPDATE ON kill_switch_history WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (24, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER kill_switch_history_sync_delete AFTER DELETE ON kill_switch_history WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (24, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER shipping_decisions_sync_insert AFTER INSERT ON shipping_decisions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (25, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER shipping_decisions_sync_update AFTER UPDATE ON shipping_decisions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (25, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER shipping_decisions_sync_delete AFTER DELETE ON shipping_decisions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (25, CAST(OLD.id AS TEXT), 1);
END;
