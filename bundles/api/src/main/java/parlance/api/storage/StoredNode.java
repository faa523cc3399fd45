package parlance.api.storage;

import java.util.Objects;

/**
 * A stored PubSub node: its service (a PubSub domain, or an account's bare address for PEP), its node id and its
 * configuration, affiliations and subscriptions as an XML document that only the PubSub service reads.
 *
 * @since 1.1
 */
public final class StoredNode {
    private final String service;
    private final String node;
    private final String dataXml;

    public StoredNode(String service, String node, String dataXml) {
        this.service = Objects.requireNonNull(service, "service");
        this.node = Objects.requireNonNull(node, "node");
        this.dataXml = Objects.requireNonNull(dataXml, "dataXml");
    }

    public String service() {
        return service;
    }

    public String node() {
        return node;
    }

    public String dataXml() {
        return dataXml;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StoredNode)) {
            return false;
        }
        StoredNode n = (StoredNode) o;
        return service.equals(n.service) && node.equals(n.node) && dataXml.equals(n.dataXml);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, node, dataXml);
    }

    @Override
    public String toString() {
        return "StoredNode{" + service + " " + node + "}";
    }
}
