-- Watchpost schema 4: indexes for what the console reads on every refresh.
--
-- The incident list opens on open incidents by SLA deadline: this index serves that order, so the first page is
-- read without sorting every incident. The expression is exactly the one in IncidentStore's orderClause
-- (SortKey::Deadline): the planner uses the index only for that same expression. PostgreSQL has expression
-- indexes too.

CREATE INDEX incidents_deadline ON incidents ((CASE WHEN acknowledged_at IS NULL THEN acknowledge_due_at
    WHEN contained_at IS NULL THEN containment_due_at ELSE 9000000000000000 END), id DESC);

-- An incident page counts the containment actions of its incident (Mark contained needs one): without this it read
-- every entry of the incident's timeline to look at its kind.

CREATE INDEX timeline_entries_kind ON timeline_entries (incident_id, kind);
