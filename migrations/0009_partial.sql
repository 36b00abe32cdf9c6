-- Messages above [imap] max_message_size are stored with their header and a
-- placeholder body until fetched whole on request (`vsd fetch`): their full
-- size in bytes, NULL for a message stored whole.
ALTER TABLE messages ADD COLUMN partial_size INTEGER;
