package parlance.pubsub.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.StanzaError;

/**
 * The owner use cases of XEP-0060 §8 that shape nodes: create (§8.1, instant nodes §8.1.2, with configuration
 * §8.1.3), configure (§8.2), default configuration (§8.3), delete (§8.4) and purge (§8.5). Limits: nodes per
 * account on PEP, nodes created per user on the service. Subscriptions and affiliations: {@link OwnerLists}.
 */
final class Owner {
    private final PubSub ps;
    private final Notifier notifier;

    Owner(PubSub ps, Notifier notifier) {
        this.ps = ps;
        this.notifier = notifier;
    }

    static boolean isOwner(Host host, Node node, Jid who) {
        return host.isAccount(who) || node.affiliation(who) == Affiliation.OWNER;
    }

    /** Whether the requester may create a node here; answers the request with the reason when not. */
    boolean mayCreate(Host host, Request req) {
        Jid who = req.from;
        int limit = ps.settings.maxNodesPerAccount();
        if (host.pep) {
            if (!host.isAccount(who)) {
                req.error(StanzaError.FORBIDDEN);
                return false;
            }
            if (host.nodes.size() >= limit) {
                req.error(StanzaError.NOT_ALLOWED, "max-nodes-exceeded");
                return false;
            }
            return true;
        }
        boolean allowed = switch (ps.settings.createNodes()) {
            case "anyone" -> true;
            case "admins" -> ps.isAdmin(who.bare());
            default -> ps.serverDomain.equals(who.domain());
        };
        if (!allowed) {
            req.error(StanzaError.FORBIDDEN);
            return false;
        }
        if (host.ownedBy(who) >= limit) {
            req.error(StanzaError.NOT_ALLOWED, "max-nodes-exceeded");
            return false;
        }
        return true;
    }

    Node newNode(Host host, String id, Jid creator) {
        Node node = new Node(id, NodeConfig.defaults(ps.settings, host.pep));
        node.affiliations.put(host.pep ? host.jid : creator.bare(), Affiliation.OWNER);
        return node;
    }

    CompletionStage<?> create(Host host, Request req, Element create, Element configure) {
        String id = create.attributeValue("node");
        boolean instant = id == null || id.isBlank();
        if (instant) {
            id = UUID.randomUUID().toString();
        }
        if (host.nodes.containsKey(id)) {
            req.error(StanzaError.CONFLICT);
            return SerialQueue.DONE;
        }
        if (!mayCreate(host, req)) {
            return SerialQueue.DONE;
        }
        Node node = newNode(host, id, req.from);
        Element form = Forms.find(configure);
        if (form != null && !"cancel".equals(form.attributeValue("type"))
                && node.config.apply(Forms.values(form)) != null) {
            req.error(StanzaError.NOT_ACCEPTABLE);
            return SerialQueue.DONE;
        }
        host.nodes.put(id, node);
        String created = id;
        return ps.storage.save(host, node).thenRun(() -> {
            Element pubsub = Ns.element("pubsub", Ns.PUBSUB);
            pubsub.addElement("create", Ns.PUBSUB).addAttribute("node", created);
            req.result(pubsub);
        });
    }

    void configureGet(Host host, Request req, Node node) {
        if (!isOwner(host, node, req.from)) {
            req.error(StanzaError.FORBIDDEN);
            return;
        }
        Element pubsub = Ns.element("pubsub", Ns.OWNER);
        pubsub.addElement("configure", Ns.OWNER).addAttribute("node", node.id).add(node.config.form("form"));
        req.result(pubsub);
    }

    void defaults(Host host, Request req) {
        Element pubsub = Ns.element("pubsub", Ns.OWNER);
        pubsub.addElement("default", Ns.OWNER).add(NodeConfig.defaults(ps.settings, host.pep).form("form"));
        req.result(pubsub);
    }

    CompletionStage<?> configureSet(Host host, Request req, Node node, Element configure) {
        if (!isOwner(host, node, req.from)) {
            req.error(StanzaError.FORBIDDEN);
            return SerialQueue.DONE;
        }
        Element form = Forms.find(configure);
        if (form == null) {
            req.error(StanzaError.BAD_REQUEST);
            return SerialQueue.DONE;
        }
        if ("cancel".equals(form.attributeValue("type"))) {
            req.result(null);
            return SerialQueue.DONE;
        }
        Map<String, List<String>> values = Forms.values(form);
        NodeConfig changed = node.config.copy();
        if (changed.apply(values) != null) {
            req.error(StanzaError.NOT_ACCEPTABLE);
            return SerialQueue.DONE;
        }
        node.config = changed;
        return ps.storage.save(host, node).thenCompose(v -> {
            req.result(null);
            if (!changed.is(NodeConfig.NOTIFY_CONFIG)) {
                return SerialQueue.DONE;
            }
            Element event = Ns.element("event", Ns.EVENT);
            Element conf = event.addElement("configuration", Ns.EVENT).addAttribute("node", node.id);
            if (changed.is(NodeConfig.DELIVER_PAYLOADS)) {
                Element x = changed.form("result");
                conf.add(x);
            }
            return notifier.notify(host, node, event);
        });
    }

    CompletionStage<?> delete(Host host, Request req, Node node, Element delete) {
        if (!isOwner(host, node, req.from)) {
            req.error(StanzaError.FORBIDDEN);
            return SerialQueue.DONE;
        }
        host.nodes.remove(node.id);
        return ps.storage.store().deleteNode(host.key(), node.id).exceptionally(e -> false).thenCompose(v -> {
            req.result(null);
            if (!node.config.is(NodeConfig.NOTIFY_DELETE)) {
                return SerialQueue.DONE;
            }
            Element event = Ns.element("event", Ns.EVENT);
            Element del = event.addElement("delete", Ns.EVENT).addAttribute("node", node.id);
            Element redirect = delete.element("redirect");
            if (redirect != null && redirect.attributeValue("uri") != null) {
                del.addElement("redirect", Ns.EVENT).addAttribute("uri", redirect.attributeValue("uri"));
            }
            return notifier.notify(host, node, event);
        });
    }

    CompletionStage<?> purge(Host host, Request req, Node node) {
        if (!isOwner(host, node, req.from)) {
            req.error(StanzaError.FORBIDDEN);
            return SerialQueue.DONE;
        }
        if (!node.config.is(NodeConfig.PERSIST)) {
            req.unsupported(Ns.feature("persistent-items"));
            return SerialQueue.DONE;
        }
        return ps.storage.store().purge(host.key(), node.id).thenCompose(n -> {
            req.result(null);
            if (!node.config.is(NodeConfig.NOTIFY_RETRACT)) {
                return SerialQueue.DONE;
            }
            Element event = Ns.element("event", Ns.EVENT);
            event.addElement("purge", Ns.EVENT).addAttribute("node", node.id);
            return notifier.notify(host, node, event);
        }).exceptionally(e -> {
            req.error(StanzaError.INTERNAL_SERVER_ERROR);
            return null;
        });
    }
}
