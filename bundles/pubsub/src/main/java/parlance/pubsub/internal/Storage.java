package parlance.pubsub.internal;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.storage.PubSubStore;
import parlance.api.storage.StoredNode;

/**
 * The way to the {@link PubSubStore}: the registered one when there is one, otherwise this activation's
 * {@link MemoryStore}. Node documents are written here; a failed write is logged and the service goes on with
 * its state in memory.
 */
final class Storage {
    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private final Supplier<PubSubStore> registered;
    private final PubSubStore memory;
    private final Settings settings;

    Storage(Supplier<PubSubStore> registered, PubSubStore memory, Settings settings) {
        this.registered = registered;
        this.memory = memory;
        this.settings = settings;
    }

    PubSubStore store() {
        PubSubStore s = registered.get();
        return s != null ? s : memory;
    }

    /** Loads a service's nodes; unreadable node documents are skipped with a log line. */
    CompletionStage<Host> load(Jid jid, boolean pep) {
        Host host = new Host(jid, pep);
        NodeConfig defaults = NodeConfig.defaults(settings, pep);
        return store().nodes(host.key()).thenApply(list -> {
            for (StoredNode stored : list) {
                try {
                    host.nodes.put(stored.node(), Node.fromXml(stored.node(), Ns.parse(stored.dataXml()), defaults));
                } catch (Exception e) {
                    LOG.warn("Skipping unreadable node {} of {}: {}", stored.node(), jid, e.toString());
                }
            }
            return host;
        });
    }

    CompletionStage<Void> save(Host host, Node node) {
        return store().saveNode(new StoredNode(host.key(), node.id, node.toXml().asXML())).exceptionally(e -> {
            LOG.warn("Could not store node {} of {}: {}", node.id, host.jid, e.toString());
            return null;
        });
    }
}
