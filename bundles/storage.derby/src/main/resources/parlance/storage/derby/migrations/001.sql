-- accounts and their SCRAM credentials (RFC 5802, RFC 7677)
-- No foreign keys with ON DELETE CASCADE anywhere: Derby plans cascades with table-level locks, which deadlocked
-- concurrent users; the stores delete dependent rows explicitly in the same transaction.
CREATE TABLE users (
  username VARCHAR(1023) NOT NULL PRIMARY KEY,
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE credentials (
  username VARCHAR(1023) NOT NULL,
  hash VARCHAR(16) NOT NULL,
  salt VARCHAR(1024) FOR BIT DATA NOT NULL,
  iterations INT NOT NULL,
  stored_key VARCHAR(128) FOR BIT DATA NOT NULL,
  server_key VARCHAR(128) FOR BIT DATA NOT NULL,
  PRIMARY KEY (username, hash)
);
