-- rosters with one version counter per user (RFC 6121 section 2)
CREATE TABLE roster_version (
  username VARCHAR(1023) NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL
);
CREATE TABLE roster_items (
  username VARCHAR(1023) NOT NULL,
  jid VARCHAR(3071) NOT NULL,
  name VARCHAR(1023),
  subscription VARCHAR(4) NOT NULL,
  pending_out BOOLEAN NOT NULL,
  pending_in BOOLEAN NOT NULL,
  approved BOOLEAN NOT NULL,
  PRIMARY KEY (username, jid)
);
CREATE TABLE roster_groups (
  username VARCHAR(1023) NOT NULL,
  jid VARCHAR(3071) NOT NULL,
  group_name VARCHAR(1023) NOT NULL,
  PRIMARY KEY (username, jid, group_name)
);
