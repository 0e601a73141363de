-- GitHub's levers for the shipping kill switch (issue 12 §3): the one GitHub connection (API base URL and the
-- teams that may bypass Watchpost's rulesets; its token is in the keychain or secrets/, never here), and each
-- lever an engagement applies in a repository with the state GitHub left it in before (restored on release).
-- Times are integers (ms since the epoch). Both take part in the change feed (codes 26-27 in SyncTables).

CREATE TABLE github_connection (
    name TEXT PRIMARY KEY,
    api_base_url TEXT NOT NULL,
    bypass_team_ids TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- lever: ruleset_branches, ruleset_tags, workflow (target: its file name), statuses (the open pull requests' heads
-- at engagement), status (target: a head a pull_request delivery reported later).
-- state: pending, applying, applied, verified, unverified, failed, skipped — then on release restore_pending,
-- restoring, restored, restore_failed.
CREATE TABLE kill_switch_levers (
    id INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES kill_switch_engagements (id),
    repository TEXT NOT NULL,
    lever TEXT NOT NULL,
    target TEXT NOT NULL,
    state TEXT NOT NULL,
    github_id INTEGER,
    prior TEXT NOT NULL,
    detail TEXT NOT NULL,
    manual_step TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    claimed_at INTEGER
);

CREATE UNIQUE INDEX kill_switch_levers_one ON kill_switch_levers (engagement_id, repository, lever, target);

CREATE INDEX kill_switch_levers_by_state ON kill_switch_levers (state, id);

CREATE TRIGGER github_connection_sync_insert AFTER INSERT ON github_connection WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (26, CAST(NEW.name AS TEXT), 0);
END;

CREATE TRIGGER github_connection_sync_update AFTER UPDATE ON github_connection WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (26, CAST(NEW.name AS TEXT), 0);
END;

CREATE TRIGGER github_connection_sync_delete AFTER DELETE ON github_connection WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (26, CAST(OLD.name AS TEXT), 1);
END;

CREATE TRIGGER kill_switch_levers_sync_insert AFTER INSERT ON kill_switch_levers WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (27, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER kill_switch_levers_sync_update AFTER UPDATE ON kill_switch_levers WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (27, CAST(NEW.id AS TEXT), 0);
END;

CREATE TRIGGER kill_switch_levers_sync_delete AFTER DELETE ON kill_switch_levers WHEN NOT EXISTS (SELECT 1 FROM sync_replica)
BEGIN
    INSERT INTO sync_changes (table_code, row_key, op) VALUES (27, CAST(OLD.id AS TEXT), 1);
END;
