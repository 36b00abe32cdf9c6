-- The first schema. Migrations are append-only: a later change is a new file.

-- One row per distinct Message-ID: the same mail in Sent and in INBOX is one row.
CREATE TABLE messages (
    id               INTEGER PRIMARY KEY,
    message_id       TEXT    NOT NULL UNIQUE,
    -- Unix seconds, UTC: the Date header, else the file's or the server's date.
    date             INTEGER NOT NULL,
    date_from_header INTEGER NOT NULL,
    subject          TEXT    NOT NULL,
    from_name        TEXT,
    from_email       TEXT,
    -- JSON arrays of {name, email}.
    to_json          TEXT    NOT NULL,
    cc_json          TEXT    NOT NULL,
    reply_to_json    TEXT    NOT NULL,
    -- Space-separated ids without angle brackets.
    in_reply_to      TEXT    NOT NULL,
    refs             TEXT    NOT NULL,
    -- What the content rules found, computed from the raw mail at import and
    -- again whenever the analysis version changes.
    new_text         TEXT    NOT NULL,
    quoted           INTEGER NOT NULL,
    quote_evidence   TEXT,
    findings_json    TEXT    NOT NULL DEFAULT '[]',
    parse_error      TEXT,
    warnings         TEXT    NOT NULL DEFAULT '',
    analysis_version INTEGER NOT NULL,
    -- Set by grouping: the issue's key, or unfiled:<root id>.
    issue_id         TEXT,
    thread_root      TEXT,
    role             TEXT
);
CREATE INDEX messages_issue ON messages(issue_id);

-- The raw bytes, kept so that a change to the rules can re-analyse without a download.
CREATE TABLE raw_messages (
    message_rowid INTEGER PRIMARY KEY REFERENCES messages(id),
    raw           BLOB NOT NULL
);

-- Issues and unfiled requests, derived by grouping. `id` is the key, or
-- `unfiled:<message-id of the thread's root>` for a request without a number.
CREATE TABLE issues (
    id                TEXT    PRIMARY KEY,
    key               TEXT,
    title             TEXT    NOT NULL,
    canonical_subject TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    opened_at         INTEGER NOT NULL,
    last_activity     INTEGER NOT NULL,
    message_count     INTEGER NOT NULL,
    flags             TEXT    NOT NULL DEFAULT '',
    -- A digest of what grouping derived, so that an unchanged issue is not rewritten.
    digest            TEXT    NOT NULL DEFAULT ''
);

-- What the user did to an issue locally (close, reopen): input to the status walk.
CREATE TABLE issue_actions (
    id     INTEGER PRIMARY KEY,
    key    TEXT    NOT NULL,
    at     INTEGER NOT NULL,
    action TEXT    NOT NULL
);

-- Flags raised on messages; derived, rewritten by each grouping.
CREATE TABLE flags (
    message_rowid INTEGER NOT NULL REFERENCES messages(id),
    rule          TEXT    NOT NULL,
    detail        TEXT    NOT NULL,
    evidence      TEXT    NOT NULL,
    PRIMARY KEY (message_rowid, rule)
);

-- The append-only history of each issue. `ref` makes an event idempotent:
-- the same (kind, ref) is never written twice.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    key         TEXT,
    kind        TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    ref         TEXT,
    recorded_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX events_ref ON events(kind, ref) WHERE ref IS NOT NULL;
CREATE INDEX events_key ON events(key, at);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

-- IMAP sync state per folder.
CREATE TABLE folders (
    name           TEXT    PRIMARY KEY,
    uidvalidity    INTEGER NOT NULL,
    uidnext        INTEGER NOT NULL DEFAULT 1,
    highest_modseq INTEGER,
    synced_at      INTEGER
);

-- Where each message is on the server. A message gone from the server keeps
-- its row with gone = 1, and its issue history stays intact.
CREATE TABLE locations (
    folder        TEXT    NOT NULL,
    uidvalidity   INTEGER NOT NULL,
    uid           INTEGER NOT NULL,
    message_rowid INTEGER NOT NULL REFERENCES messages(id),
    flags         TEXT    NOT NULL DEFAULT '',
    gone          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (folder, uidvalidity, uid)
);
CREATE INDEX locations_message ON locations(message_rowid);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
