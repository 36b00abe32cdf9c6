-- What the list shows of each issue besides its status: when the desk and
-- the team last wrote, and how many attachments its messages hold. The
-- regroup writes them with the rest of the issue's row; reading them from
-- the messages on every `vsd list` walked the whole mailbox.
ALTER TABLE issues ADD COLUMN last_desk_at INTEGER;
ALTER TABLE issues ADD COLUMN last_team_at INTEGER;
ALTER TABLE issues ADD COLUMN attachment_count INTEGER NOT NULL DEFAULT 0;
-- The senders of neither side are looked up on every list; few messages
-- have that role.
CREATE INDEX assignments_other ON assignments (message_rowid) WHERE role = 'other';
-- `vsd log` reads the log in time order as it prints it, not sorted
-- whole in memory first.
CREATE INDEX events_at ON events (at);
-- Every sync counts the messages still present in each folder.
CREATE INDEX locations_present ON locations (folder, uidvalidity) WHERE gone = 0;
-- Every issue is written again by the next regroup, which reads everything.
UPDATE issues SET digest = '';
DELETE FROM meta WHERE key IN ('regroup.basis', 'grouping');
