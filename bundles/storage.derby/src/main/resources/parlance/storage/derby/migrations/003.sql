-- offline messages in arrival order (XEP-0160)
CREATE TABLE offline_messages (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username VARCHAR(1023) NOT NULL,
  stanza CLOB NOT NULL,
  stored_at TIMESTAMP NOT NULL
);
CREATE INDEX offline_messages_user ON offline_messages (username, id);
