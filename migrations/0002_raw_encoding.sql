-- Raw mail is stored compressed from now on. Rows written before keep their
-- bytes as they were ('identity'); readers decode by this column.
ALTER TABLE raw_messages ADD COLUMN encoding TEXT NOT NULL DEFAULT 'identity';
