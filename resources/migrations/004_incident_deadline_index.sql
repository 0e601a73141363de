-- Watchpost schema 4: the incident list opens on open incidents by SLA deadline; this index serves that order, so
-- the first page is read without sorting every incident. The expression is exactly the one in IncidentStore's
-- orderClause (SortKey::Deadline) — the planner uses the index only for that same expression. Expression
-- indexes exist in PostgreSQL too.

CREATE INDEX incidents_deadline ON incidents ((CASE WHEN acknowledged_at IS NULL THEN acknowledge_due_at
    WHEN contained_at IS NULL THEN containment_due_at ELSE 9000000000000000 END), id DESC);
