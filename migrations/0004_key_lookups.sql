-- Users type keys in any case (`vsd show vsd-41234`), so lookups compare
-- lower(key). These indexes answer them without reading every event and
-- issue; the plain (key, at) index had no query left to serve.
DROP INDEX events_key;
CREATE INDEX events_key_lower ON events(lower(key), at);
CREATE INDEX issues_key_lower ON issues(lower(key));
