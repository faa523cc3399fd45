package parlance.pubsub.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.StanzaError;

/**
 * The subscriber use cases of XEP-0060 §6: subscribe (§6.1, pending under the authorize model §6.1.3.3 with the
 * owners asked per §8.6, the last published item on subscription §6.1.7), unsubscribe (§6.2), subscription options
 * (§6.3, §6.4), and an entity's own subscriptions and affiliations (§5.6, §5.7).
 */
final class Subscribing {
    static final List<String> OPTIONS = List.of("pubsub#deliver", "pubsub#digest", "pubsub#include_body");

    private final PubSub ps;
    private final Access access;
    private final Notifier notifier;
    private final OwnerLists lists;

    Subscribing(PubSub ps, Access access, Notifier notifier, OwnerLists lists) {
        this.ps = ps;
        this.access = access;
        this.notifier = notifier;
        this.lists = lists;
    }

    /** The subscribing address: {@code jid} must name the requester (§6.1.3.1 {@code invalid-jid}). */
    private Jid subscriber(Host host, Node node, Request req, Element action) {
        Jid jid = Jids.parse(ps.preparer, action.attributeValue("jid"));
        if (jid == null) {
            req.error(StanzaError.BAD_REQUEST, "jid-required");
            return null;
        }
        if (!jid.bare().equals(req.from.bare()) && !(node != null && Owner.isOwner(host, node, req.from))) {
            req.error(StanzaError.BAD_REQUEST, "invalid-jid");
            return null;
        }
        return jid;
    }

    CompletionStage<?> subscribe(Host host, Request req, Node node, Element subscribe, Element options) {
        Jid jid = subscriber(host, node, req, subscribe);
        if (jid == null) {
            return SerialQueue.DONE;
        }
        if (!node.config.is("pubsub#subscribe")) {
            req.unsupported(Ns.feature("subscribe"));
            return SerialQueue.DONE;
        }
        return access.check(host, node, jid, false).thenCompose(denial -> {
            if (denial != null) {
                req.error(denial.condition(), denial.pubsubCondition());
                return SerialQueue.DONE;
            }
            Subscription existing = node.subscription(jid);
            if (existing != null) {
                req.result(subscriptionElement(node, existing));
                return SerialQueue.DONE;
            }
            boolean approve = "authorize".equals(node.config.accessModel()) && !node.affiliation(jid).isMember()
                    && !Owner.isOwner(host, node, jid);
            Subscription sub = new Subscription(jid, UUID.randomUUID().toString(),
                    approve ? Subscription.PENDING : Subscription.SUBSCRIBED);
            setOptions(sub, Forms.values(Forms.find(options)));
            node.subscriptions.add(sub);
            return ps.storage.save(host, node).thenCompose(v -> {
                req.result(subscriptionElement(node, sub));
                if (approve) {
                    lists.askOwners(host, node, sub);
                    return SerialQueue.DONE;
                }
                String last = node.config.get(NodeConfig.SEND_LAST);
                return "never".equals(last) ? SerialQueue.DONE : notifier.sendLast(host, node, jid);
            });
        });
    }

    static Element subscriptionElement(Node node, Subscription sub) {
        Element pubsub = Ns.element("pubsub", Ns.PUBSUB);
        pubsub.addElement("subscription", Ns.PUBSUB).addAttribute("node", node.id)
                .addAttribute("jid", sub.jid.toString()).addAttribute("subid", sub.subid)
                .addAttribute("subscription", sub.state);
        return pubsub;
    }

    private Subscription find(Node node, Request req, Jid jid, String subid) {
        for (Subscription s : node.subscriptions) {
            if (s.jid.equals(jid) && (subid == null || subid.equals(s.subid))) {
                return s;
            }
        }
        req.error(StanzaError.UNEXPECTED_REQUEST, "not-subscribed");
        return null;
    }

    CompletionStage<?> unsubscribe(Host host, Request req, Node node, Element unsubscribe) {
        Jid jid = subscriber(host, node, req, unsubscribe);
        Subscription sub = jid == null ? null : find(node, req, jid, unsubscribe.attributeValue("subid"));
        if (sub == null) {
            return SerialQueue.DONE;
        }
        node.subscriptions.remove(sub);
        return ps.storage.save(host, node).thenRun(() -> req.result(null));
    }

    void optionsGet(Host host, Request req, Node node, Element options) {
        Jid jid = subscriber(host, node, req, options);
        Subscription sub = jid == null ? null : find(node, req, jid, options.attributeValue("subid"));
        if (sub != null) {
            Element pubsub = Ns.element("pubsub", Ns.PUBSUB);
            pubsub.addElement("options", Ns.PUBSUB).addAttribute("node", node.id).addAttribute("jid", jid.toString())
                    .addAttribute("subid", sub.subid).add(optionsForm(sub.options));
            req.result(pubsub);
        }
    }

    CompletionStage<?> optionsSet(Host host, Request req, Node node, Element options) {
        Jid jid = subscriber(host, node, req, options);
        Subscription sub = jid == null ? null : find(node, req, jid, options.attributeValue("subid"));
        if (sub == null) {
            return SerialQueue.DONE;
        }
        Element form = Forms.find(options);
        if (form == null) {
            req.error(StanzaError.BAD_REQUEST, "invalid-options");
            return SerialQueue.DONE;
        }
        setOptions(sub, Forms.values(form));
        return ps.storage.save(host, node).thenRun(() -> req.result(null));
    }

    /** §6.4: the default subscription options, for the service or one node. */
    void defaults(Request req, String node) {
        Element pubsub = Ns.element("pubsub", Ns.PUBSUB);
        Element d = pubsub.addElement("default", Ns.PUBSUB);
        if (node != null) {
            d.addAttribute("node", node);
        }
        d.add(optionsForm(Map.of()));
        req.result(pubsub);
    }

    private static void setOptions(Subscription sub, Map<String, List<String>> values) {
        for (String var : OPTIONS) {
            List<String> v = values.get(var);
            if (v != null && !v.isEmpty()) {
                sub.options.put(var, List.of(Ns.isTrue(v.get(0)) ? "1" : "0"));
            }
        }
    }

    private static Element optionsForm(Map<String, List<String>> options) {
        Element x = Forms.form("form", Ns.SUBSCRIBE_OPTIONS);
        for (String var : OPTIONS) {
            List<String> v = options.get(var);
            String value = v == null || v.isEmpty() ? ("pubsub#deliver".equals(var) ? "1" : "0") : v.get(0);
            Forms.field(x, var, "boolean", null, value);
        }
        return x;
    }

    /** §5.6: the requester's subscriptions, on every node or one. */
    void mine(Host host, Request req, String only) {
        Element pubsub = Ns.element("pubsub", Ns.PUBSUB);
        Element list = pubsub.addElement("subscriptions", Ns.PUBSUB);
        for (Node node : host.nodes.values()) {
            if (only == null || only.equals(node.id)) {
                for (Subscription s : node.subscriptionsOf(req.from)) {
                    list.addElement("subscription", Ns.PUBSUB).addAttribute("node", node.id)
                            .addAttribute("jid", s.jid.toString()).addAttribute("subscription", s.state)
                            .addAttribute("subid", s.subid);
                }
            }
        }
        req.result(pubsub);
    }

    /** §5.7: the requester's affiliations, on every node or one. */
    void affiliations(Host host, Request req, String only) {
        Element pubsub = Ns.element("pubsub", Ns.PUBSUB);
        Element list = pubsub.addElement("affiliations", Ns.PUBSUB);
        for (Node node : host.nodes.values()) {
            Affiliation a = host.isAccount(req.from) ? Affiliation.OWNER : node.affiliation(req.from);
            if ((only == null || only.equals(node.id)) && a != Affiliation.NONE) {
                list.addElement("affiliation", Ns.PUBSUB).addAttribute("node", node.id)
                        .addAttribute("affiliation", a.value());
            }
        }
        req.result(pubsub);
    }
}
