-- message archives (XEP-0313): arrival order by identity, opaque unique message ids, UTC timestamps
-- seq orders the archive and is never shown to clients; message_id is the random id clients page with.
-- with_bare is the bare part of with_jid, so a bare 'with' filter matches every full address under it.
CREATE TABLE archive_messages (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id VARCHAR(36) NOT NULL UNIQUE,
  archive VARCHAR(3071) NOT NULL,
  stored_at TIMESTAMP NOT NULL,
  with_jid VARCHAR(3071),
  with_bare VARCHAR(3071),
  stanza CLOB NOT NULL
);
CREATE INDEX archive_messages_archive ON archive_messages (archive, seq);
CREATE INDEX archive_messages_with ON archive_messages (archive, with_bare, seq);
