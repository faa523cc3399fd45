package parlance.pubsub.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.storage.PrivateStore;
import parlance.api.storage.StoredItem;

/**
 * Keeps an account's bookmarks unified (XEP-0402 §5.3): the {@code urn:xmpp:bookmarks:1} PEP node is the truth
 * while this bundle runs; XEP-0048 writes (private XML, or the {@code storage:bookmarks} PEP node) become item
 * publications and retractions on it, notified only for bookmarks that changed (§5.3.2); changes to it are
 * collated into the legacy forms (§5.3.1): the private XML copy (what XEP-0049 reads when this bundle is away) and
 * the {@code storage:bookmarks} PEP node's item {@code current} when that node exists. Runs on the account's
 * queue; every method returns the stage the queue waits for.
 */
final class BookmarkSync {
    private static final Logger LOG = LoggerFactory.getLogger(BookmarkSync.class);
    private static final String CURRENT = "current";

    private final PubSub ps;
    private final Notifier notifier;
    private final Supplier<PrivateStore> privates;

    BookmarkSync(PubSub ps, Notifier notifier, Supplier<PrivateStore> privates) {
        this.ps = ps;
        this.notifier = notifier;
        this.privates = privates;
    }

    /** The account's bookmarks as a legacy {@code <storage/>}, or {@code null} when it has no XEP-0402 node. */
    CompletionStage<Element> legacy(Host host) {
        Node node = host.nodes.get(Bookmarks.NODE);
        if (node == null) {
            return CompletableFuture.completedFuture(null);
        }
        return current(host).thenApply(Bookmarks::toLegacy);
    }

    /**
     * A legacy client replaced the whole list: publishes new and changed bookmarks (keeping their extensions),
     * retracts the ones no longer listed, creating the node with the XEP-0402 §3 configuration when needed.
     * {@code fromPep}: the list came through the {@code storage:bookmarks} node, so the private copy is updated
     * here too (a private XML write is stored by the private storage handler itself).
     */
    CompletionStage<?> fromLegacy(Host host, Element storage, boolean fromPep) {
        Node node = host.nodes.get(Bookmarks.NODE);
        CompletionStage<?> stage = SerialQueue.DONE;
        if (node == null) {
            node = new Node(Bookmarks.NODE, NodeConfig.defaults(ps.settings, true));
            node.affiliations.put(host.jid, Affiliation.OWNER);
            node.config.apply(Map.of(NodeConfig.PERSIST, List.of("1"), NodeConfig.MAX_ITEMS, List.of("max"),
                    NodeConfig.ACCESS, List.of("whitelist"), NodeConfig.SEND_LAST, List.of("never")));
            host.nodes.put(node.id, node);
            stage = ps.storage.save(host, node);
        }
        Node target = node;
        Map<String, Element> wanted = Bookmarks.fromLegacy(storage);
        stage = stage.thenCompose(v -> current(host)).thenCompose(current -> {
            CompletionStage<?> chain = SerialQueue.DONE;
            for (Map.Entry<String, Element> e : wanted.entrySet()) {
                Element old = current.get(e.getKey());
                if (old == null || !Bookmarks.sameView(old, e.getValue())) {
                    Element payload = Bookmarks.withExtensions(e.getValue(), old);
                    chain = chain.thenCompose(v -> publish(host, target, e.getKey(), payload));
                }
            }
            for (String id : current.keySet()) {
                if (!wanted.containsKey(id)) {
                    chain = chain.thenCompose(v -> retract(host, target, id));
                }
            }
            return chain;
        });
        if (fromPep) {
            stage = stage.thenCompose(v -> writePrivate(host, Bookmarks.toLegacy(wanted)));
        } else {
            stage = stage.thenCompose(v -> publishLegacy(host, Bookmarks.toLegacy(wanted)));
        }
        return failSafe(stage, host, "legacy bookmarks");
    }

    /** A client changed the XEP-0402 node (publish, retract, purge, delete): the legacy copies follow. */
    CompletionStage<?> toLegacy(Host host) {
        Node node = host.nodes.get(Bookmarks.NODE);
        CompletionStage<Element> storage = node == null
                ? CompletableFuture.completedFuture(Bookmarks.toLegacy(Map.of())) : legacy(host);
        return failSafe(storage.thenCompose(s -> writePrivate(host, s).thenCompose(v -> publishLegacy(host, s))),
                host, "XEP-0402 bookmarks");
    }

    /** Room address to XEP-0402 payload of every current item, oldest first. */
    private CompletionStage<Map<String, Element>> current(Host host) {
        Node node = host.nodes.get(Bookmarks.NODE);
        return ps.storage.store().items(host.key(), Bookmarks.NODE, node.config.maxItems()).thenApply(items -> {
            Map<String, Element> map = new LinkedHashMap<>();
            for (StoredItem item : items) {
                map.put(item.id(), Items.payload(item));
            }
            return map;
        });
    }

    private CompletionStage<?> publish(Host host, Node node, String id, Element payload) {
        return ps.storage.store().publish(host.key(), node.id, id, host.jid.toString(), payload.asXML(),
                node.config.maxItems()).thenCompose(stored -> notifier.notify(host, node,
                Items.eventItems(node.id, List.of(Items.item(Ns.EVENT, id, payload, null)))));
    }

    private CompletionStage<?> retract(Host host, Node node, String id) {
        return ps.storage.store().retract(host.key(), node.id, id).thenCompose(removed -> {
            if (!removed || !node.config.is(NodeConfig.NOTIFY_RETRACT)) {
                return SerialQueue.DONE;
            }
            Element event = Items.eventItems(node.id, List.of());
            event.element("items").addElement("retract", Ns.EVENT).addAttribute("id", id);
            return notifier.notify(host, node, event);
        });
    }

    /** XEP-0223 style: the whole list as item {@code current} of {@code storage:bookmarks}, when that node exists. */
    private CompletionStage<?> publishLegacy(Host host, Element storage) {
        Node legacy = host.nodes.get(Bookmarks.LEGACY);
        if (legacy == null || !legacy.config.is(NodeConfig.PERSIST)) {
            return SerialQueue.DONE;
        }
        return publish(host, legacy, CURRENT, storage);
    }

    private CompletionStage<?> writePrivate(Host host, Element storage) {
        PrivateStore store = privates.get();
        if (store == null) {
            return SerialQueue.DONE;
        }
        return store.put(host.jid.local(), Bookmarks.PRIVATE_KEY, storage.asXML());
    }

    private static CompletionStage<?> failSafe(CompletionStage<?> stage, Host host, String what) {
        return stage.exceptionally(e -> {
            LOG.warn("Unifying {} of {} failed: {}", what, host.jid, e.toString());
            return null;
        });
    }
}
