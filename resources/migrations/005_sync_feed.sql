-- Watchpost schema 5: the change feed of team mode.
--
-- Every write to a replicated table adds a row to sync_changes in the same transaction, by the triggers below:
-- which table, which row (its key as text), and whether it now exists (upsert) or is gone (delete). The feed
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

CREATE TABLE sync_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'delete'))
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
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incidents', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER incidents_sync_update AFTER UPDATE ON incidents WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incidents', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER incidents_sync_delete AFTER DELETE ON incidents WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incidents', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER incident_assets_sync_insert AFTER INSERT ON incident_assets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incident_assets', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER incident_assets_sync_update AFTER UPDATE ON incident_assets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incident_assets', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER incident_assets_sync_delete AFTER DELETE ON incident_assets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incident_assets', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER incident_iocs_sync_insert AFTER INSERT ON incident_iocs WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incident_iocs', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER incident_iocs_sync_update AFTER UPDATE ON incident_iocs WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incident_iocs', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER incident_iocs_sync_delete AFTER DELETE ON incident_iocs WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incident_iocs', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER timeline_entries_sync_insert AFTER INSERT ON timeline_entries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('timeline_entries', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER timeline_entries_sync_update AFTER UPDATE ON timeline_entries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('timeline_entries', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER timeline_entries_sync_delete AFTER DELETE ON timeline_entries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('timeline_entries', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER follow_ups_sync_insert AFTER INSERT ON follow_ups WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('follow_ups', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER follow_ups_sync_update AFTER UPDATE ON follow_ups WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('follow_ups', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER follow_ups_sync_delete AFTER DELETE ON follow_ups WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('follow_ups', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER runbook_updates_sync_insert AFTER INSERT ON runbook_updates WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('runbook_updates', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER runbook_updates_sync_update AFTER UPDATE ON runbook_updates WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('runbook_updates', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER runbook_updates_sync_delete AFTER DELETE ON runbook_updates WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('runbook_updates', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER incident_holds_sync_insert AFTER INSERT ON incident_holds WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incident_holds', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER incident_holds_sync_update AFTER UPDATE ON incident_holds WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incident_holds', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER incident_holds_sync_delete AFTER DELETE ON incident_holds WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('incident_holds', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER github_alert_links_sync_insert AFTER INSERT ON github_alert_links WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('github_alert_links', CAST(NEW.alert_key AS TEXT), 'upsert');
END;

CREATE TRIGGER github_alert_links_sync_update AFTER UPDATE ON github_alert_links WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('github_alert_links', CAST(NEW.alert_key AS TEXT), 'upsert');
END;

CREATE TRIGGER github_alert_links_sync_delete AFTER DELETE ON github_alert_links WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('github_alert_links', CAST(OLD.alert_key AS TEXT), 'delete');
END;

CREATE TRIGGER api_tokens_sync_insert AFTER INSERT ON api_tokens WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('api_tokens', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER api_tokens_sync_update AFTER UPDATE ON api_tokens WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('api_tokens', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER api_tokens_sync_delete AFTER DELETE ON api_tokens WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('api_tokens', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER signing_keys_sync_insert AFTER INSERT ON signing_keys WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('signing_keys', CAST(NEW.key_id AS TEXT), 'upsert');
END;

CREATE TRIGGER signing_keys_sync_update AFTER UPDATE ON signing_keys WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('signing_keys', CAST(NEW.key_id AS TEXT), 'upsert');
END;

CREATE TRIGGER signing_keys_sync_delete AFTER DELETE ON signing_keys WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('signing_keys', CAST(OLD.key_id AS TEXT), 'delete');
END;

CREATE TRIGGER sessions_sync_insert AFTER INSERT ON sessions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('sessions', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER sessions_sync_update AFTER UPDATE ON sessions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('sessions', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER sessions_sync_delete AFTER DELETE ON sessions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('sessions', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER reauthentications_sync_insert AFTER INSERT ON reauthentications WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('reauthentications', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER reauthentications_sync_update AFTER UPDATE ON reauthentications WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('reauthentications', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER reauthentications_sync_delete AFTER DELETE ON reauthentications WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('reauthentications', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER recoveries_sync_insert AFTER INSERT ON recoveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('recoveries', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER recoveries_sync_update AFTER UPDATE ON recoveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('recoveries', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER recoveries_sync_delete AFTER DELETE ON recoveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('recoveries', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER webhook_hooks_sync_insert AFTER INSERT ON webhook_hooks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_hooks', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_hooks_sync_update AFTER UPDATE ON webhook_hooks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_hooks', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_hooks_sync_delete AFTER DELETE ON webhook_hooks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_hooks', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER webhook_deliveries_sync_insert AFTER INSERT ON webhook_deliveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_deliveries', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_deliveries_sync_update AFTER UPDATE ON webhook_deliveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_deliveries', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_deliveries_sync_delete AFTER DELETE ON webhook_deliveries WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_deliveries', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER webhook_refusals_sync_insert AFTER INSERT ON webhook_refusals WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_refusals', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_refusals_sync_update AFTER UPDATE ON webhook_refusals WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_refusals', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_refusals_sync_delete AFTER DELETE ON webhook_refusals WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_refusals', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER webhook_blocks_sync_insert AFTER INSERT ON webhook_blocks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_blocks', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_blocks_sync_update AFTER UPDATE ON webhook_blocks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_blocks', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_blocks_sync_delete AFTER DELETE ON webhook_blocks WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_blocks', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER webhook_policy_sync_insert AFTER INSERT ON webhook_policy WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_policy', CAST(NEW.key AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_policy_sync_update AFTER UPDATE ON webhook_policy WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_policy', CAST(NEW.key AS TEXT), 'upsert');
END;

CREATE TRIGGER webhook_policy_sync_delete AFTER DELETE ON webhook_policy WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('webhook_policy', CAST(OLD.key AS TEXT), 'delete');
END;

CREATE TRIGGER managed_secrets_sync_insert AFTER INSERT ON managed_secrets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('managed_secrets', CAST(NEW.name AS TEXT), 'upsert');
END;

CREATE TRIGGER managed_secrets_sync_update AFTER UPDATE ON managed_secrets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('managed_secrets', CAST(NEW.name AS TEXT), 'upsert');
END;

CREATE TRIGGER managed_secrets_sync_delete AFTER DELETE ON managed_secrets WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('managed_secrets', CAST(OLD.name AS TEXT), 'delete');
END;

CREATE TRIGGER secret_versions_sync_insert AFTER INSERT ON secret_versions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('secret_versions', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER secret_versions_sync_update AFTER UPDATE ON secret_versions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('secret_versions', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER secret_versions_sync_delete AFTER DELETE ON secret_versions WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('secret_versions', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER rotations_sync_insert AFTER INSERT ON rotations WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('rotations', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER rotations_sync_update AFTER UPDATE ON rotations WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('rotations', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER rotations_sync_delete AFTER DELETE ON rotations WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('rotations', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER audit_log_sync_insert AFTER INSERT ON audit_log WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('audit_log', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER audit_log_sync_update AFTER UPDATE ON audit_log WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('audit_log', CAST(NEW.id AS TEXT), 'upsert');
END;

CREATE TRIGGER audit_log_sync_delete AFTER DELETE ON audit_log WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_name, row_key, op) VALUES ('audit_log', CAST(OLD.id AS TEXT), 'delete');
END;

-- What the store already holds enters the feed once, parents before the rows that refer to them.

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'incidents', CAST(id AS TEXT), 'upsert' FROM incidents ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'incident_assets', CAST(id AS TEXT), 'upsert' FROM incident_assets ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'incident_iocs', CAST(id AS TEXT), 'upsert' FROM incident_iocs ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'timeline_entries', CAST(id AS TEXT), 'upsert' FROM timeline_entries ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'follow_ups', CAST(id AS TEXT), 'upsert' FROM follow_ups ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'runbook_updates', CAST(id AS TEXT), 'upsert' FROM runbook_updates ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'incident_holds', CAST(id AS TEXT), 'upsert' FROM incident_holds ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'github_alert_links', CAST(alert_key AS TEXT), 'upsert' FROM github_alert_links ORDER BY alert_key;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'api_tokens', CAST(id AS TEXT), 'upsert' FROM api_tokens ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'signing_keys', CAST(key_id AS TEXT), 'upsert' FROM signing_keys ORDER BY key_id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'sessions', CAST(id AS TEXT), 'upsert' FROM sessions ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'reauthentications', CAST(id AS TEXT), 'upsert' FROM reauthentications ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'recoveries', CAST(id AS TEXT), 'upsert' FROM recoveries ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'webhook_hooks', CAST(id AS TEXT), 'upsert' FROM webhook_hooks ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'webhook_deliveries', CAST(id AS TEXT), 'upsert' FROM webhook_deliveries ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'webhook_refusals', CAST(id AS TEXT), 'upsert' FROM webhook_refusals ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'webhook_blocks', CAST(id AS TEXT), 'upsert' FROM webhook_blocks ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'webhook_policy', CAST(key AS TEXT), 'upsert' FROM webhook_policy ORDER BY key;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'managed_secrets', CAST(name AS TEXT), 'upsert' FROM managed_secrets ORDER BY name;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'secret_versions', CAST(id AS TEXT), 'upsert' FROM secret_versions ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'rotations', CAST(id AS TEXT), 'upsert' FROM rotations ORDER BY id;

INSERT INTO sync_changes (table_name, row_key, op) SELECT 'audit_log', CAST(id AS TEXT), 'upsert' FROM audit_log ORDER BY id;
