-- When the user last opened each issue (vsd show, the TUI's detail): the
-- list marks an issue whose newest mail came after it. Local to this store.
CREATE TABLE issue_seen (
    id      TEXT    PRIMARY KEY,
    seen_at INTEGER NOT NULL
);
