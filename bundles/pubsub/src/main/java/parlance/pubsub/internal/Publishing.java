package parlance.pubsub.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.stanza.StanzaError;

/**
 * Publishing and retracting items (XEP-0060 §7.1, §7.2) with auto-create (§7.1.4, XEP-0163 §3) and
 * publish-options preconditions (§7.1.5): a new node takes the publish options as its configuration; an existing
 * node must match them ({@code conflict} + {@code precondition-not-met} otherwise, which clients answer by
 * reconfiguring the node, as for OMEMO, avatars and bookmarks).
 */
final class Publishing {
    private static final Logger LOG = LoggerFactory.getLogger(Publishing.class);

    private final PubSub ps;
    private final Owner owner;
    private final Notifier notifier;

    Publishing(PubSub ps, Owner owner, Notifier notifier) {
        this.ps = ps;
        this.owner = owner;
        this.notifier = notifier;
    }

    CompletionStage<?> publish(Host host, Request req, Element publish, Element publishOptions) {
        String nodeId = publish.attributeValue("node");
        if (nodeId == null || nodeId.isBlank()) {
            req.error(StanzaError.BAD_REQUEST, "nodeid-required");
            return SerialQueue.DONE;
        }
        Map<String, List<String>> options = Forms.values(Forms.find(publishOptions));
        options.remove("FORM_TYPE");
        Node node = host.nodes.get(nodeId);
        boolean create = node == null;
        if (create) {
            if (!owner.mayCreate(host, req)) {
                return SerialQueue.DONE;
            }
            node = owner.newNode(host, nodeId, req.from);
            if (node.config.apply(options) != null) {
                req.error(StanzaError.CONFLICT, "precondition-not-met");
                return SerialQueue.DONE;
            }
        } else if (node.config.mismatch(options) != null) {
            req.error(StanzaError.CONFLICT, "precondition-not-met");
            return SerialQueue.DONE;
        }
        if (!mayPublish(host, node, req.from)) {
            req.error(StanzaError.FORBIDDEN);
            return SerialQueue.DONE;
        }
        List<Element> items = publish.elements(QName.get("item", Ns.PUBSUB));
        boolean persist = node.config.is(NodeConfig.PERSIST);
        boolean payloads = node.config.is(NodeConfig.DELIVER_PAYLOADS);
        Element item = items.isEmpty() ? null : items.get(0);
        Element payload = item == null || item.elements().isEmpty() ? null : item.elements().get(0);
        String refusal = items.size() > 1 || (item != null && item.elements().size() > 1) ? "invalid-payload"
                : !persist && !payloads && item != null ? "item-forbidden"
                : (persist || payloads) && item == null ? "item-required"
                : payloads && payload == null ? "payload-required" : null;
        if (refusal != null) { // §7.1.3.5, §7.1.3.6
            req.error(StanzaError.BAD_REQUEST, refusal);
            return SerialQueue.DONE;
        }
        String payloadXml = payload == null ? "" : payload.asXML();
        if (payloadXml.length() > node.config.maxPayloadSize()) {
            req.error(StanzaError.NOT_ACCEPTABLE, "payload-too-big");
            return SerialQueue.DONE;
        }
        String itemId = item == null || item.attributeValue("id") == null || item.attributeValue("id").isEmpty()
                ? UUID.randomUUID().toString() : item.attributeValue("id");
        Node target = node;
        CompletionStage<?> stage = SerialQueue.DONE;
        if (create) {
            host.nodes.put(nodeId, node);
            stage = ps.storage.save(host, node);
        }
        if (persist) {
            stage = stage.thenCompose(v -> ps.storage.store().publish(host.key(), target.id, itemId,
                    req.from.bare().toString(), payloadXml, target.config.maxItems()));
        }
        return stage.thenCompose(v -> {
            Element result = Ns.element("pubsub", Ns.PUBSUB);
            result.addElement("publish", Ns.PUBSUB).addAttribute("node", target.id)
                    .addElement("item", Ns.PUBSUB).addAttribute("id", itemId);
            req.result(result);
            Element event = Items.eventItems(target.id,
                    List.of(Items.item(Ns.EVENT, itemId, payloads ? payload : null, null)));
            return notifier.notify(host, target, event);
        }).exceptionally(e -> {
            LOG.warn("Publishing to {} on {} failed: {}", target.id, host.jid, e.toString());
            req.error(StanzaError.INTERNAL_SERVER_ERROR);
            return null;
        });
    }

    /** §7.1.3.1 and the publish models of §16.4.4 ({@code publishers}, {@code subscribers}, {@code open}). */
    static boolean mayPublish(Host host, Node node, Jid who) {
        Affiliation aff = node.affiliation(who);
        if (host.isAccount(who) || aff.canPublish()) {
            return true;
        }
        if (aff == Affiliation.OUTCAST) {
            return false;
        }
        switch (node.config.get(NodeConfig.PUBLISH_MODEL)) {
            case "open":
                return true;
            case "subscribers":
                return node.isSubscribed(who);
            default:
                return false;
        }
    }

    /** §7.2: the item's publisher or an owner/publisher of the node may retract; {@code notify} per §7.2.2.1. */
    CompletionStage<?> retract(Host host, Request req, Node node, Element retract) {
        Element item = retract.element(QName.get("item", Ns.PUBSUB));
        String id = item == null ? null : item.attributeValue("id");
        if (id == null || id.isEmpty()) {
            req.error(StanzaError.BAD_REQUEST, "item-required");
            return SerialQueue.DONE;
        }
        if (!node.config.is(NodeConfig.PERSIST)) {
            req.unsupported(Ns.feature("persistent-items"));
            return SerialQueue.DONE;
        }
        Affiliation aff = node.affiliation(req.from);
        boolean privileged = host.isAccount(req.from) || aff == Affiliation.OWNER || aff == Affiliation.PUBLISHER;
        var store = ps.storage.store();
        return store.items(host.key(), node.id, List.of(id)).thenCompose(found -> {
            if (found.isEmpty()) {
                req.error(StanzaError.ITEM_NOT_FOUND);
                return SerialQueue.DONE;
            }
            if (!privileged && !req.from.bare().toString().equals(found.get(0).publisher())) {
                req.error(StanzaError.FORBIDDEN);
                return SerialQueue.DONE;
            }
            return store.retract(host.key(), node.id, id).thenCompose(removed -> {
                req.result(null);
                String notify = retract.attributeValue("notify");
                if (Ns.isTrue(notify) || (notify == null && node.config.is(NodeConfig.NOTIFY_RETRACT))) {
                    Element event = Items.eventItems(node.id, List.of());
                    event.element("items").addElement("retract", Ns.EVENT).addAttribute("id", id);
                    return notifier.notify(host, node, event);
                }
                return SerialQueue.DONE;
            });
        }).exceptionally(e -> {
            req.error(StanzaError.INTERNAL_SERVER_ERROR);
            return null;
        });
    }
}
