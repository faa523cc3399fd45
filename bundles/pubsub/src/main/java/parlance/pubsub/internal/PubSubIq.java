package parlance.pubsub.internal;

import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.stanza.StanzaError;

/**
 * Dispatches a {@code <pubsub/>} request (XEP-0060 §16.2 schema, both the {@code pubsub} and {@code pubsub#owner}
 * namespaces) to its use case, on the service's queue, with the node looked up once ({@code nodeid-required},
 * {@code item-not-found}).
 */
final class PubSubIq {
    private final Owner owner;
    private final OwnerLists lists;
    private final Publishing publishing;
    private final Subscribing subscribing;
    private final Retrieval retrieval;

    PubSubIq(PubSub ps, Access access, Notifier notifier) {
        this.owner = new Owner(ps, notifier);
        this.lists = new OwnerLists(ps);
        this.publishing = new Publishing(ps, owner, notifier);
        this.subscribing = new Subscribing(ps, access, notifier, lists);
        this.retrieval = new Retrieval(ps, access);
    }

    OwnerLists lists() {
        return lists;
    }

    CompletionStage<?> handle(Host host, Request req) {
        Element pubsub = req.payload();
        Element action = null;
        for (Element child : pubsub.elements()) {
            if (pubsub.getNamespaceURI().equals(child.getNamespaceURI())) {
                action = child;
                break;
            }
        }
        if (action == null) {
            req.error(StanzaError.BAD_REQUEST);
            return SerialQueue.DONE;
        }
        boolean set = "set".equals(req.stanza.type());
        String key = (set ? "set " : "get ") + action.getName();
        String nodeId = action.attributeValue("node");
        if (Ns.PUBSUB.equals(pubsub.getNamespaceURI())) {
            switch (key) {
                case "set create":
                    return owner.create(host, req, action, pubsub.element(QName.get("configure", Ns.PUBSUB)));
                case "set publish":
                    return publishing.publish(host, req, action,
                            pubsub.element(QName.get("publish-options", Ns.PUBSUB)));
                case "get subscriptions":
                    subscribing.mine(host, req, nodeId);
                    return SerialQueue.DONE;
                case "get affiliations":
                    subscribing.affiliations(host, req, nodeId);
                    return SerialQueue.DONE;
                case "get default":
                    subscribing.defaults(req, nodeId);
                    return SerialQueue.DONE;
                default:
                    break;
            }
        } else if ("get default".equals(key)) {
            owner.defaults(host, req);
            return SerialQueue.DONE;
        }
        Node node = node(host, req, nodeId);
        if (node == null) {
            return SerialQueue.DONE;
        }
        if (Ns.PUBSUB.equals(pubsub.getNamespaceURI())) {
            switch (key) {
                case "set retract":
                    return publishing.retract(host, req, node, action);
                case "set subscribe":
                    return subscribing.subscribe(host, req, node, action,
                            pubsub.element(QName.get("options", Ns.PUBSUB)));
                case "set unsubscribe":
                    return subscribing.unsubscribe(host, req, node, action);
                case "get options":
                    subscribing.optionsGet(host, req, node, action);
                    return SerialQueue.DONE;
                case "set options":
                    return subscribing.optionsSet(host, req, node, action);
                case "get items":
                    return retrieval.items(host, req, node, action);
                default:
                    req.error(StanzaError.FEATURE_NOT_IMPLEMENTED);
                    return SerialQueue.DONE;
            }
        }
        switch (key) {
            case "get configure":
                owner.configureGet(host, req, node);
                return SerialQueue.DONE;
            case "set configure":
                return owner.configureSet(host, req, node, action);
            case "set delete":
                return owner.delete(host, req, node, action);
            case "set purge":
                return owner.purge(host, req, node);
            case "get subscriptions":
                lists.subscriptionsGet(host, req, node);
                return SerialQueue.DONE;
            case "set subscriptions":
                return lists.subscriptionsSet(host, req, node, action);
            case "get affiliations":
                lists.affiliationsGet(host, req, node);
                return SerialQueue.DONE;
            case "set affiliations":
                return lists.affiliationsSet(host, req, node, action);
            default:
                req.error(StanzaError.FEATURE_NOT_IMPLEMENTED);
                return SerialQueue.DONE;
        }
    }

    private static Node node(Host host, Request req, String nodeId) {
        if (nodeId == null || nodeId.isEmpty()) {
            req.error(StanzaError.BAD_REQUEST, "nodeid-required");
            return null;
        }
        Node node = host.nodes.get(nodeId);
        if (node == null) {
            req.error(StanzaError.ITEM_NOT_FOUND);
        }
        return node;
    }
}
