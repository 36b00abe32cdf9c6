-- UIDs the server listed but did not deliver in a form that could be stored
-- (no body, an empty body, an answer that could not be read, no answer at
-- all). A folder's UIDNEXT moves past a UID only once it is stored or listed
-- here; every sync fetches these again and removes a row once its message is
-- stored or the server no longer has the UID.
CREATE TABLE fetch_pending (
    folder      TEXT    NOT NULL,
    uidvalidity INTEGER NOT NULL,
    uid         INTEGER NOT NULL,
    -- A short class (no-body, empty-body, unreadable, no-uid, no-answer) and
    -- the details of the last attempt.
    reason      TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    -- Unix seconds.
    first_tried INTEGER NOT NULL,
    last_tried  INTEGER NOT NULL,
    PRIMARY KEY (folder, uidvalidity, uid)
);
