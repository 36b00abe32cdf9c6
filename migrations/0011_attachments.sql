-- The attachments and inline parts of each message, read from its raw mail
-- at import and by re-analysis (ANALYSIS_VERSION 4 fills an older store).
-- `part` is the MIME part path (`2`, `1.2`), by which the bytes are found
-- again in raw_messages; `name` is the file name as the mail gives it, made
-- safe only where it is shown or written.
CREATE TABLE attachments (
    message_rowid INTEGER NOT NULL REFERENCES messages(id),
    seq           INTEGER NOT NULL,
    part          TEXT    NOT NULL,
    name          TEXT,
    content_type  TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    inline        INTEGER NOT NULL,
    PRIMARY KEY (message_rowid, seq)
);
