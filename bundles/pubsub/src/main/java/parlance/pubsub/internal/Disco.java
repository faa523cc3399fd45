package parlance.pubsub.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;

/**
 * Service discovery of the PubSub domain and of PEP services (XEP-0060 §5: features §5.1, node metadata §5.4,
 * nodes §5.2, items §5.5; XEP-0163 §1.3: identity {@code pubsub/pep} on the account). Node lists and items show
 * only what the requester may retrieve.
 */
final class Disco {
    /** The XEP-0060 §10 features the services implement. */
    static final List<String> FEATURES = List.of("access-authorize", "access-open", "access-presence",
            "access-roster", "access-whitelist", "auto-create", "auto-subscribe", "config-node",
            "create-and-configure", "create-nodes", "delete-items", "delete-nodes", "filtered-notifications",
            "instant-nodes", "item-ids", "last-published", "manage-subscriptions", "member-affiliation", "meta-data",
            "modify-affiliations", "outcast-affiliation", "persistent-items", "presence-notifications", "publish",
            "publish-options", "publish-only-affiliation", "publisher-affiliation", "purge-nodes", "retract-items",
            "retrieve-affiliations", "retrieve-default", "retrieve-items", "retrieve-subscriptions", "subscribe",
            "subscription-options", "subscription-notifications");

    private final PubSub ps;
    private final Access access;

    Disco(PubSub ps, Access access) {
        this.ps = ps;
        this.access = access;
    }

    /** Every feature name, {@code http://jabber.org/protocol/pubsub} first. */
    static List<String> featureNames() {
        List<String> all = new ArrayList<>();
        all.add(Ns.PUBSUB);
        FEATURES.forEach(f -> all.add(Ns.feature(f)));
        return all;
    }

    /** disco#info of the PubSub domain itself (§5.1). */
    void serviceInfo(Request req) {
        Element query = Ns.element("query", Namespaces.DISCO_INFO);
        query.addElement("identity", Namespaces.DISCO_INFO).addAttribute("category", "pubsub")
                .addAttribute("type", "service").addAttribute("name", ps.settings.name());
        features(query, List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS));
        features(query, featureNames());
        req.result(query);
    }

    /** disco#info of an account's PEP service (XEP-0163 §1.3), with the account's other features. */
    void accountInfo(Request req, Collection<String> accountFeatures) {
        Element query = Ns.element("query", Namespaces.DISCO_INFO);
        query.addElement("identity", Namespaces.DISCO_INFO).addAttribute("category", "account")
                .addAttribute("type", "registered");
        query.addElement("identity", Namespaces.DISCO_INFO).addAttribute("category", "pubsub")
                .addAttribute("type", "pep");
        List<String> all = new ArrayList<>(accountFeatures);
        for (String f : featureNames()) {
            if (!all.contains(f)) {
                all.add(f);
            }
        }
        all.sort(null);
        features(query, all);
        req.result(query);
    }

    private static void features(Element query, List<String> features) {
        for (String f : features) {
            query.addElement("feature", Namespaces.DISCO_INFO).addAttribute("var", f);
        }
    }

    /** disco#info of a node (§5.3, metadata §5.4). */
    void nodeInfo(Host host, Request req, String nodeId) {
        Node node = host.nodes.get(nodeId);
        if (node == null) {
            req.error(StanzaError.ITEM_NOT_FOUND);
            return;
        }
        Element query = Ns.element("query", Namespaces.DISCO_INFO).addAttribute("node", nodeId);
        query.addElement("identity", Namespaces.DISCO_INFO).addAttribute("category", "pubsub")
                .addAttribute("type", "leaf");
        features(query, List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Ns.PUBSUB));
        Element x = Forms.form("result", Ns.META_DATA);
        Forms.field(x, "pubsub#title", null, null, node.config.get(NodeConfig.TITLE));
        Forms.field(x, "pubsub#type", null, null, node.config.get("pubsub#type"));
        Forms.field(x, "pubsub#access_model", null, null, node.config.accessModel());
        Forms.field(x, "pubsub#publish_model", null, null, node.config.get(NodeConfig.PUBLISH_MODEL));
        Forms.field(x, "pubsub#owner", null, null, node.owners().stream().map(Object::toString)
                .toArray(String[]::new));
        query.add(x);
        req.result(query);
    }

    /** disco#items: the nodes (§5.2) or a node's items (§5.5), as far as the requester may retrieve them. */
    CompletionStage<?> items(Host host, Request req, String nodeId) {
        if (nodeId == null) {
            List<Node> nodes = List.copyOf(host.nodes.values());
            List<CompletableFuture<Access.Denial>> checks = new ArrayList<>();
            for (Node n : nodes) {
                checks.add(access.check(host, n, req.from, true).toCompletableFuture());
            }
            return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenRun(() -> {
                Element query = Ns.element("query", Namespaces.DISCO_ITEMS);
                for (int i = 0; i < nodes.size(); i++) {
                    if (checks.get(i).join() == null) {
                        Element item = query.addElement("item", Namespaces.DISCO_ITEMS)
                                .addAttribute("jid", host.jid.toString()).addAttribute("node", nodes.get(i).id);
                        String title = nodes.get(i).config.get(NodeConfig.TITLE);
                        if (!title.isEmpty()) {
                            item.addAttribute("name", title);
                        }
                    }
                }
                req.result(query);
            });
        }
        Node node = host.nodes.get(nodeId);
        if (node == null) {
            req.error(StanzaError.ITEM_NOT_FOUND);
            return SerialQueue.DONE;
        }
        return access.check(host, node, req.from, true).thenCompose(denial -> {
            if (denial != null) {
                req.error(denial.condition(), denial.pubsubCondition());
                return SerialQueue.DONE;
            }
            return ps.storage.store().items(host.key(), node.id, 0).thenAccept(list -> {
                Element query = Ns.element("query", Namespaces.DISCO_ITEMS).addAttribute("node", nodeId);
                list.forEach(i -> query.addElement("item", Namespaces.DISCO_ITEMS)
                        .addAttribute("jid", host.jid.toString()).addAttribute("name", i.id()));
                req.result(query);
            });
        });
    }
}
