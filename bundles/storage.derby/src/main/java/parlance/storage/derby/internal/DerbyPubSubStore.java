package parlance.storage.derby.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.storage.PubSubStore;
import parlance.api.storage.StoredItem;
import parlance.api.storage.StoredNode;

/**
 * PubSub nodes and items (XEP-0060) for PubSub services and PEP (XEP-0163): one opaque XML document per
 * (service, node), and items in publish order (a per-node sequence, see {@link PubSubItems}) with UTC millisecond
 * timestamps from the server's clock. Every call for one service runs on that service's stripe, in one
 * transaction, so calls keep the order they were made in: a publish is seen by the next listing, and a publish
 * with its replacement and trimming (XEP-0060 §7.1.2) is never seen half done.
 */
@Component(service = PubSubStore.class, property = DerbyUserStore.PROVIDER)
public final class DerbyPubSubStore implements PubSubStore {
    private final DerbyDatabase db;
    private final Clock clock;

    @Activate
    public DerbyPubSubStore(@Reference(name = "database") DerbyDatabase db) {
        this(db, Clock.systemUTC());
    }

    DerbyPubSubStore(DerbyDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public CompletionStage<List<StoredNode>> nodes(String service) {
        return db.call(service, c -> {
            List<StoredNode> nodes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT node, data FROM pubsub_nodes WHERE service = ? ORDER BY node")) {
                ps.setString(1, service);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        nodes.add(new StoredNode(service, rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return nodes;
        });
    }

    @Override
    public CompletionStage<Void> saveNode(StoredNode node) {
        return db.call(node.service(), c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pubsub_nodes SET data = ? WHERE service = ? AND node = ?")) {
                ps.setString(1, node.dataXml());
                ps.setString(2, node.service());
                ps.setString(3, node.node());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO pubsub_nodes (service, node, data) VALUES (?, ?, ?)")) {
                    ps.setString(1, node.service());
                    ps.setString(2, node.node());
                    ps.setString(3, node.dataXml());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** XEP-0060 §8.4: the node and its items go in one transaction. */
    @Override
    public CompletionStage<Boolean> deleteNode(String service, String node) {
        return db.call(service, c -> {
            PubSubItems.purge(c, service, node);
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM pubsub_nodes WHERE service = ? AND node = ?")) {
                ps.setString(1, service);
                ps.setString(2, node);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public CompletionStage<StoredItem> publish(String service, String node, String itemId, String publisher,
            String payloadXml, int maxItems) {
        return db.call(service, c -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            return PubSubItems.publish(c, service, node, itemId, publisher, payloadXml, maxItems, now);
        });
    }

    @Override
    public CompletionStage<List<StoredItem>> items(String service, String node, int max) {
        return db.call(service, c -> PubSubItems.newest(c, service, node, max));
    }

    @Override
    public CompletionStage<List<StoredItem>> items(String service, String node, Collection<String> itemIds) {
        List<String> ids = List.copyOf(itemIds); // copied on the caller's thread: the caller may change its own
        return db.call(service, c -> PubSubItems.byIds(c, service, node, ids));
    }

    @Override
    public CompletionStage<Boolean> retract(String service, String node, String itemId) {
        return db.call(service, c -> PubSubItems.retract(c, service, node, itemId) > 0);
    }

    @Override
    public CompletionStage<Integer> purge(String service, String node) {
        return db.call(service, c -> PubSubItems.purge(c, service, node));
    }
}
