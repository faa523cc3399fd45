-- publish-subscribe nodes and items (XEP-0060) for PubSub services and PEP (XEP-0163)
-- service is a PubSub domain or, for PEP, an account's bare address; data is the node's opaque XML document
-- (configuration, affiliations, subscriptions) owned by the PubSub service.
CREATE TABLE pubsub_nodes (
  service VARCHAR(3071) NOT NULL,
  node VARCHAR(1023) NOT NULL,
  data CLOB NOT NULL,
  PRIMARY KEY (service, node)
);
-- seq is publish order within a node: the store sets it to one more than the node's newest, on the service's
-- stripe (an identity column is not used: Derby's identity generator fails concurrent inserts with 40XL1 when
-- its preallocated range runs out). A replaced item is deleted and inserted again, so it becomes the newest.
-- published is UTC, millisecond precision; payload is the item's serialised child element, empty when none.
CREATE TABLE pubsub_items (
  service VARCHAR(3071) NOT NULL,
  node VARCHAR(1023) NOT NULL,
  item_id VARCHAR(1023) NOT NULL,
  seq BIGINT NOT NULL,
  publisher VARCHAR(3071),
  published TIMESTAMP NOT NULL,
  payload CLOB NOT NULL,
  PRIMARY KEY (service, node, item_id)
);
CREATE UNIQUE INDEX pubsub_items_order ON pubsub_items (service, node, seq);
