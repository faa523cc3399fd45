-- persistent multi-user chat rooms (XEP-0045 section 10.2), one opaque XML document per room
CREATE TABLE muc_rooms (
  service_domain VARCHAR(1023) NOT NULL,
  room VARCHAR(1023) NOT NULL,
  data CLOB NOT NULL,
  PRIMARY KEY (service_domain, room)
);
