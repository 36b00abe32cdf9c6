-- Sending. A draft is sent at most once: the attempt is recorded as
-- 'sending' (and committed) before the first byte goes out and 'sent' after
-- the server or the program took it. A row left at 'sending' means vsd
-- stopped in between: the message may have gone out, and vsd asks the user
-- instead of sending it again.
CREATE TABLE sends (
    message_id  TEXT    PRIMARY KEY,
    state       TEXT    NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    -- "smtp HOST:PORT" or "sendmail PROGRAM".
    transport   TEXT    NOT NULL,
    -- The server's answer, or why it failed.
    detail      TEXT    NOT NULL DEFAULT ''
);

-- Drafts vsd wrote, so that `vsd send --saved KEY` finds the newest of an
-- issue: a file, or a message in the IMAP drafts folder.
CREATE TABLE saved_drafts (
    message_id  TEXT    PRIMARY KEY,
    -- The issue's key or unfiled id; NULL for a new request.
    issue_id    TEXT,
    saved_at    INTEGER NOT NULL,
    path        TEXT,
    folder      TEXT,
    uidvalidity INTEGER,
    uid         INTEGER
);
CREATE INDEX saved_drafts_issue ON saved_drafts(lower(issue_id), saved_at);
