package parlance.pubsub.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.stanza.StanzaError;
import parlance.api.storage.StoredItem;

/**
 * Item retrieval (XEP-0060 §6.5): all items, the newest {@code max_items} (§6.5.7) or given ids (§6.5.8), after
 * the access model allowed it (§6.5.3: {@code presence-subscription-required}, {@code not-in-roster-group},
 * {@code closed-node}, {@code not-subscribed}).
 */
final class Retrieval {
    private final PubSub ps;
    private final Access access;

    Retrieval(PubSub ps, Access access) {
        this.ps = ps;
        this.access = access;
    }

    CompletionStage<?> items(Host host, Request req, Node node, Element items) {
        List<String> ids = new ArrayList<>();
        for (Element item : items.elements(QName.get("item", Ns.PUBSUB))) {
            if (item.attributeValue("id") != null) {
                ids.add(item.attributeValue("id"));
            }
        }
        int max;
        try {
            String m = items.attributeValue("max_items");
            max = m == null ? 0 : Integer.parseInt(m);
        } catch (NumberFormatException e) {
            req.error(StanzaError.BAD_REQUEST);
            return SerialQueue.DONE;
        }
        if (max < 0) {
            req.error(StanzaError.BAD_REQUEST);
            return SerialQueue.DONE;
        }
        return access.check(host, node, req.from, true).thenCompose(denial -> {
            if (denial != null) {
                req.error(denial.condition(), denial.pubsubCondition());
                return SerialQueue.DONE;
            }
            if (!node.config.is(NodeConfig.PERSIST)) {
                reply(req, node, List.of());
                return SerialQueue.DONE;
            }
            var store = ps.storage.store();
            CompletionStage<List<StoredItem>> found = ids.isEmpty() ? store.items(host.key(), node.id, max)
                    : store.items(host.key(), node.id, ids);
            return found.thenAccept(list -> reply(req, node, list)).exceptionally(e -> {
                req.error(StanzaError.INTERNAL_SERVER_ERROR);
                return null;
            });
        });
    }

    private static void reply(Request req, Node node, List<StoredItem> list) {
        Element pubsub = Ns.element("pubsub", Ns.PUBSUB);
        Element items = pubsub.addElement("items", Ns.PUBSUB).addAttribute("node", node.id);
        for (StoredItem item : list) {
            items.add(Items.item(Ns.PUBSUB, item, true));
        }
        req.result(pubsub);
    }
}
