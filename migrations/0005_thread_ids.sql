-- Every id a message names (its own, In-Reply-To, References; present in
-- the store or not) with the component of ids linked through such names.
-- New mail can change the threading of its own components only, so a
-- regroup after a sync reads those components and the issues they touch,
-- not the whole store. Filled by the first regroup after this migration.
CREATE TABLE thread_ids (
    id        TEXT    PRIMARY KEY,
    component INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX thread_ids_component ON thread_ids(component);
