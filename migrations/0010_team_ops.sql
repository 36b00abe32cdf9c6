-- Team operations (close, reopen, assign, note, link, unlink): every one this
-- store has seen, its own and its colleagues', shared through the IMAP state
-- folder. Append-only; the merge in src/issues/team.rs derives the state.
CREATE TABLE team_ops (
    -- The order this store learnt them in: regroup's cursor.
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    key         TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    lamport     INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    -- The operation's JSON, as made or as received (an unknown kind from a
    -- newer vsd is carried whole).
    body        TEXT    NOT NULL,
    -- Made here (1) or received (0).
    local       INTEGER NOT NULL,
    -- Where it is in the state folder; NULL while it waits in the outbox, or
    -- when the folder it was in is gone (another UIDVALIDITY): then it is
    -- uploaded again.
    uidvalidity INTEGER,
    uid         INTEGER
);
CREATE INDEX team_ops_key ON team_ops(key);

-- The state folder's sync position.
CREATE TABLE team_folder (
    name        TEXT    PRIMARY KEY,
    uidvalidity INTEGER NOT NULL,
    uidnext     INTEGER NOT NULL
);
