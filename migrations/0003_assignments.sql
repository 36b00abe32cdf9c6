-- Where grouping put each message moves to a narrow table of its own. A
-- regroup that moves many messages (the first one after an import, or after
-- a change to the config) then rewrites small rows, not every page of the
-- wide messages table with its texts.
CREATE TABLE assignments (
    message_rowid INTEGER PRIMARY KEY REFERENCES messages(id),
    -- The issue's key, or unfiled:<root id>.
    issue_id      TEXT NOT NULL,
    thread_root   TEXT NOT NULL,
    -- desk | team
    role          TEXT NOT NULL
);
INSERT INTO assignments (message_rowid, issue_id, thread_root, role)
    SELECT id, issue_id, coalesce(thread_root, ''), coalesce(role, 'team')
    FROM messages WHERE issue_id IS NOT NULL;
CREATE INDEX assignments_issue ON assignments(issue_id);

DROP INDEX messages_issue;
ALTER TABLE messages DROP COLUMN issue_id;
ALTER TABLE messages DROP COLUMN thread_root;
ALTER TABLE messages DROP COLUMN role;
