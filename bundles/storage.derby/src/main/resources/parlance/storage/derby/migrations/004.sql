-- private XML storage (XEP-0049)
CREATE TABLE private_xml (
  username VARCHAR(1023) NOT NULL,
  xml_key VARCHAR(3071) NOT NULL,
  content CLOB NOT NULL,
  PRIMARY KEY (username, xml_key)
);
