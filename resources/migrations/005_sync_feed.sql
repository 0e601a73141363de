-- Watchpost schema 5: the change feed of team mode.
--
-- Every write to a replicated table adds a row to sync_changes in the same transaction, by the triggers below:
-- which table (its code), which row (its key as text), and whether it now exists (upsert) or is gone (delete). The feed
-- (models/sync/ChangeFeed) reads the row's current allowed columns when it answers, so nothing but keys is
-- captured here — no column, secret or not, is copied into this table. Which columns may leave the server is the
-- one list in models/sync/SyncTables.cpp; TestChangeFeed fails when a table exists that the list does not
-- classify, or a replicated table lacks its three triggers.
--
-- seq is AUTOINCREMENT: never reused, increasing in commit order because SQLite has one writer, so "the changes
-- after N" misses nothing a reader has not yet seen. (PostgreSQL: see docs/architecture.md, "Change feed".)
--
-- A replica (a console's copy, `watchpost replicate`) has the same schema and a row in sync_replica; the triggers
-- do not fire there: its writes are the feed's, applied, and are not a feed of their own.

-- table_code: SyncTable::code (models/sync/SyncTables.cpp); op: 0 the row exists now (upsert), 1 it is gone. Codes,
-- not names: a change is about a dozen bytes, a third of what names took.
CREATE TABLE sync_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    table_code INTEGER NOT NULL,
    row_key TEXT NOT NULL,
    op INTEGER NOT NULL CHECK (op IN (0, 1))
);

-- This store's identity as a server: made once, on the first feed request.
CREATE TABLE sync_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_id TEXT NOT NULL
);

-- Present only in a replica: which server it copies and how far it has applied the feed.
CREATE TABLE sync_replica (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_id TEXT NOT NULL,
    server_url TEXT NOT NULL,
    fingerprint TEXT,
    last_seq INTEGER NOT NULL DEFAULT 0,
    audit_verified_id INTEGER NOT NULL DEFAULT 0,
    audit_verified_hash TEXT NOT NULL DEFAULT '',
    last_applied_at INTEGER,
    created_at INTEGER NOT NULL
);

-- A replica's evidence: an append-only record the server changed or removed, or a broken audit chain. The
-- replica's own copy of the record stays where it was; what the server sent is kept here beside it.
CREATE TABLE sync_alarms (
    id INTEGER PRIMARY KEY,
    detected_at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('record_changed', 'record_removed', 'chain_broken', 'chain_head_changed')),
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    seq INTEGER,
    detail TEXT NOT NULL,
    server_row TEXT
);

CREATE TRIGGER incidents_sync_insert AFTER INSERT ON incidents WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (1, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER incidents_sync_update AFTER UPDATE ON incidents WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (1, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER incidents_sync_delete AFTER DELETE ON incidents WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (1, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER incident_assets_sync_insert AFTER INSERT ON incident_assets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (2, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER incident_assets_sync_update AFTER UPDATE ON incident_assets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (2, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER incident_assets_sync_delete AFTER DELETE ON incident_assets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (2, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER incident_iocs_sync_insert AFTER INSERT ON incident_iocs WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (3, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER incident_iocs_sync_update AFTER UPDATE ON incident_iocs WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (3, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER incident_iocs_sync_delete AFTER DELETE ON incident_iocs WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (3, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER timeline_entries_sync_insert AFTER INSERT ON timeline_entries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (4, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER timeline_entries_sync_update AFTER UPDATE ON timeline_entries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (4, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER timeline_entries_sync_delete AFTER DELETE ON timeline_entries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (4, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER follow_ups_sync_insert AFTER INSERT ON follow_ups WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (5, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER follow_ups_sync_update AFTER UPDATE ON follow_ups WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (5, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER follow_ups_sync_delete AFTER DELETE ON follow_ups WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (5, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER runbook_updates_sync_insert AFTER INSERT ON runbook_updates WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (6, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER runbook_updates_sync_update AFTER UPDATE ON runbook_updates WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (6, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER runbook_updates_sync_delete AFTER DELETE ON runbook_updates WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (6, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER incident_holds_sync_insert AFTER INSERT ON incident_holds WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (7, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER incident_holds_sync_update AFTER UPDATE ON incident_holds WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (7, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER incident_holds_sync_delete AFTER DELETE ON incident_holds WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (7, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER github_alert_links_sync_insert AFTER INSERT ON github_alert_links WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (8, CAST(NEW.alert_key AS TEXT), 0);
END;

CREATE TRIGGER github_alert_links_sync_update AFTER UPDATE ON github_alert_links WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (8, CAST(NEW.alert_key AS TEXT), 0);
END;

CREATE TRIGGER github_alert_links_sync_delete AFTER DELETE ON github_alert_links WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (8, CAST(OLD.alert_key AS TEXT), 1);
END;

CREATE TRIGGER api_tokens_sync_insert AFTER INSERT ON api_tokens WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (9, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER api_tokens_sync_update AFTER UPDATE ON api_tokens WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (9, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER api_tokens_sync_delete AFTER DELETE ON api_tokens WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (9, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER signing_keys_sync_insert AFTER INSERT ON signing_keys WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (10, CAST(NEW.key_id AS TEXT), 0);
END;

CREATE TRIGGER signing_keys_sync_update AFTER UPDATE ON signing_keys WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (10, CAST(NEW.key_id AS TEXT), 0);
END;

CREATE TRIGGER signing_keys_sync_delete AFTER DELETE ON signing_keys WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (10, CAST(OLD.key_id AS TEXT), 1);
END;

CREATE TRIGGER sessions_sync_insert AFTER INSERT ON sessions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (11, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER sessions_sync_update AFTER UPDATE ON sessions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (11, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER sessions_sync_delete AFTER DELETE ON sessions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (11, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER reauthentications_sync_insert AFTER INSERT ON reauthentications WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (12, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER reauthentications_sync_update AFTER UPDATE ON reauthentications WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (12, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER reauthentications_sync_delete AFTER DELETE ON reauthentications WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (12, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER recoveries_sync_insert AFTER INSERT ON recoveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (13, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER recoveries_sync_update AFTER UPDATE ON recoveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (13, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER recoveries_sync_delete AFTER DELETE ON recoveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (13, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER webhook_hooks_sync_insert AFTER INSERT ON webhook_hooks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (14, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER webhook_hooks_sync_update AFTER UPDATE ON webhook_hooks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (14, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER webhook_hooks_sync_delete AFTER DELETE ON webhook_hooks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (14, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER webhook_deliveries_sync_insert AFTER INSERT ON webhook_deliveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (15, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER webhook_deliveries_sync_update AFTER UPDATE ON webhook_deliveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (15, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER webhook_deliveries_sync_delete AFTER DELETE ON webhook_deliveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (15, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER webhook_refusals_sync_insert AFTER INSERT ON webhook_refusals WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (16, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER webhook_refusals_sync_update AFTER UPDATE ON webhook_refusals WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (16, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER webhook_refusals_sync_delete AFTER DELETE ON webhook_refusals WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (16, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER webhook_blocks_sync_insert AFTER INSERT ON webhook_blocks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (17, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER webhook_blocks_sync_update AFTER UPDATE ON webhook_blocks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (17, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER webhook_blocks_sync_delete AFTER DELETE ON webhook_blocks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (17, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER webhook_policy_sync_insert AFTER INSERT ON webhook_policy WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (18, CAST(NEW.key AS TEXT), 0);
END;

CREATE TRIGGER webhook_policy_sync_update AFTER UPDATE ON webhook_policy WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (18, CAST(NEW.key AS TEXT), 0);
END;

CREATE TRIGGER webhook_policy_sync_delete AFTER DELETE ON webhook_policy WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (18, CAST(OLD.key AS TEXT), 1);
END;

CREATE TRIGGER managed_secrets_sync_insert AFTER INSERT ON managed_secrets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (19, CAST(NEW.name AS TEXT), 0);
END;

CREATE TRIGGER managed_secrets_sync_update AFTER UPDATE ON managed_secrets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (19, CAST(NEW.name AS TEXT), 0);
END;

CREATE TRIGGER managed_secrets_sync_delete AFTER DELETE ON managed_secrets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (19, CAST(OLD.name AS TEXT), 1);
END;

CREATE TRIGGER secret_versions_sync_insert AFTER INSERT ON secret_versions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (20, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER secret_versions_sync_update AFTER UPDATE ON secret_versions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (20, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER secret_versions_sync_delete AFTER DELETE ON secret_versions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (20, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER rotations_sync_insert AFTER INSERT ON rotations WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (21, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER rotations_sync_update AFTER UPDATE ON rotations WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (21, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER rotations_sync_delete AFTER DELETE ON rotations WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (21, CAST(OLD.id AS TEXT), 1);
END;

CREATE TRIGGER audit_log_sync_insert AFTER INSERT ON audit_log WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (22, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER audit_log_sync_update AFTER UPDATE ON audit_log WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (22, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER audit_log_sync_delete AFTER DELETE ON audit_log WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (22, CAST(OLD.id AS TEXT), 1);
END;

-- What the store already holds enters the feed once, parents before the rows that refer to them.

INSERT INTO sync_changes (table_code, row_key, op) SELECT 1, CAST(id AS TEXT), 0 FROM incidents ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 2, CAST(id AS TEXT), 0 FROM incident_assets ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 3, CAST(id AS TEXT), 0 FROM incident_iocs ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 4, CAST(id AS TEXT), 0 FROM timeline_entries ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 5, CAST(id AS TEXT), 0 FROM follow_ups ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 6, CAST(id AS TEXT), 0 FROM runbook_updates ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 7, CAST(id AS TEXT), 0 FROM incident_holds ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 8, CAST(alert_key AS TEXT), 0 FROM github_alert_links ORDER BY alert_key;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 9, CAST(id AS TEXT), 0 FROM api_tokens ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 10, CAST(key_id AS TEXT), 0 FROM signing_keys ORDER BY key_id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 11, CAST(id AS TEXT), 0 FROM sessions ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 12, CAST(id AS TEXT), 0 FROM reauthentications ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 13, CAST(id AS TEXT), 0 FROM recoveries ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 14, CAST(id AS TEXT), 0 FROM webhook_hooks ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 15, CAST(id AS TEXT), 0 FROM webhook_deliveries ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 16, CAST(id AS TEXT), 0 FROM webhook_refusals ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 17, CAST(id AS TEXT), 0 FROM webhook_blocks ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 18, CAST(key AS TEXT), 0 FROM webhook_policy ORDER BY key;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 19, CAST(name AS TEXT), 0 FROM managed_secrets ORDER BY name;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 20, CAST(id AS TEXT), 0 FROM secret_versions ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 21, CAST(id AS TEXT), 0 FROM rotations ORDER BY id;

INSERT INTO sync_changes (table_code, row_key, op) SELECT 22, CAST(id AS TEXT), 0 FROM audit_log ORDER BY id;
