-- Messages above [imap] max_message_size are stored with their header and a
-- placeholder body until fetched whole on request (`vsd fetch`): their full
-- size in bytes, NULL for a message stored whole.
ALTER TABLE messages ADD COLUMN partial_size INTEGER;

-- The raw bytes move to the last column: SQLite writes a blob of any size
-- through incremental blob I/O only when it ends the row (a zeroblob before
-- another column is expanded in memory), and large mail is written that way
-- (store/raw.rs).
CREATE TABLE raw_messages_new (
    message_rowid INTEGER PRIMARY KEY REFERENCES messages(id),
    encoding      TEXT NOT NULL DEFAULT 'identity',
    raw           BLOB NOT NULL
);
INSERT INTO raw_messages_new (message_rowid, encoding, raw)
    SELECT message_rowid, encoding, raw FROM raw_messages;
DROP TABLE raw_messages;
ALTER TABLE raw_messages_new RENAME TO raw_messages;
