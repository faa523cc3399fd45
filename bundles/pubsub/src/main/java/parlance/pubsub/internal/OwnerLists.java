package parlance.pubsub.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The owner's lists (XEP-0060 §8.8 subscriptions, §8.9 affiliations: retrieve and modify, with the subscriber told
 * of a changed subscription §8.8.4) and the subscription authorisation of the authorize model (§8.6: a form
 * message to the owners, answered with a submitted form).
 */
final class OwnerLists {
    private final PubSub ps;

    OwnerLists(PubSub ps) {
        this.ps = ps;
    }

    void subscriptionsGet(Host host, Request req, Node node) {
        if (!Owner.isOwner(host, node, req.from)) {
            req.error(StanzaError.FORBIDDEN);
            return;
        }
        Element pubsub = Ns.element("pubsub", Ns.OWNER);
        Element list = pubsub.addElement("subscriptions", Ns.OWNER).addAttribute("node", node.id);
        for (Subscription s : node.subscriptions) {
            list.addElement("subscription", Ns.OWNER).addAttribute("jid", s.jid.toString())
                    .addAttribute("subscription", s.state).addAttribute("subid", s.subid);
        }
        req.result(pubsub);
    }

    CompletionStage<?> subscriptionsSet(Host host, Request req, Node node, Element subscriptions) {
        if (!Owner.isOwner(host, node, req.from)) {
            req.error(StanzaError.FORBIDDEN);
            return SerialQueue.DONE;
        }
        Map<Jid, String> changes = new LinkedHashMap<>();
        for (Element s : subscriptions.elements(QName.get("subscription", Ns.OWNER))) {
            Jid jid = Jids.parse(ps.preparer, s.attributeValue("jid"));
            String state = s.attributeValue("subscription");
            if (jid == null || !List.of("none", "pending", "subscribed", "unconfigured").contains(state)) {
                req.error(StanzaError.BAD_REQUEST);
                return SerialQueue.DONE;
            }
            changes.put(jid, state);
        }
        changes.forEach((jid, state) -> setSubscription(host, node, jid, state));
        return ps.storage.save(host, node).thenRun(() -> req.result(null));
    }

    /** Applies one subscription state and tells the subscriber (§8.8.4). */
    private void setSubscription(Host host, Node node, Jid jid, String state) {
        Subscription sub = node.subscription(jid);
        if ("none".equals(state)) {
            if (sub != null) {
                node.subscriptions.remove(sub);
            }
        } else if (sub == null) {
            node.subscriptions.add(new Subscription(jid, UUID.randomUUID().toString(), state));
        } else {
            sub.state = state;
        }
        Element event = Ns.element("event", Ns.EVENT);
        event.addElement("subscription", Ns.EVENT).addAttribute("node", node.id).addAttribute("jid", jid.toString())
                .addAttribute("subscription", state);
        Element message = Stanzas.newElement(Stanza.Kind.MESSAGE);
        message.add(event);
        ps.fanout.send(message, host.jid, jid);
    }

    void affiliationsGet(Host host, Request req, Node node) {
        if (!Owner.isOwner(host, node, req.from)) {
            req.error(StanzaError.FORBIDDEN);
            return;
        }
        Element pubsub = Ns.element("pubsub", Ns.OWNER);
        Element list = pubsub.addElement("affiliations", Ns.OWNER).addAttribute("node", node.id);
        node.affiliations.forEach((jid, a) -> list.addElement("affiliation", Ns.OWNER)
                .addAttribute("jid", jid.toString()).addAttribute("affiliation", a.value()));
        req.result(pubsub);
    }

    CompletionStage<?> affiliationsSet(Host host, Request req, Node node, Element affiliations) {
        if (!Owner.isOwner(host, node, req.from)) {
            req.error(StanzaError.FORBIDDEN);
            return SerialQueue.DONE;
        }
        Map<Jid, Affiliation> next = new LinkedHashMap<>(node.affiliations);
        for (Element a : affiliations.elements(QName.get("affiliation", Ns.OWNER))) {
            Jid jid = Jids.parse(ps.preparer, a.attributeValue("jid"));
            Affiliation aff = Affiliation.of(a.attributeValue("affiliation"));
            if (jid == null || aff == null || (host.pep && jid.bare().equals(host.jid))) {
                req.error(StanzaError.BAD_REQUEST); // the PEP account stays owner of its nodes
                return SerialQueue.DONE;
            }
            if (aff == Affiliation.NONE) {
                next.remove(jid.bare());
            } else {
                next.put(jid.bare(), aff);
            }
        }
        if (!host.pep && !next.containsValue(Affiliation.OWNER)) {
            req.error(StanzaError.NOT_ACCEPTABLE); // §8.9.2.4: a node keeps an owner
            return SerialQueue.DONE;
        }
        node.affiliations.clear();
        node.affiliations.putAll(next);
        node.subscriptions.removeIf(s -> node.affiliation(s.jid) == Affiliation.OUTCAST);
        return ps.storage.save(host, node).thenRun(() -> req.result(null));
    }

    /** §8.6: asks each owner to approve a pending subscription with a form message. */
    void askOwners(Host host, Node node, Subscription sub) {
        List<Jid> owners = host.pep ? List.of(host.jid) : node.owners();
        for (Jid owner : owners) {
            Element message = Stanzas.newElement(Stanza.Kind.MESSAGE);
            message.addAttribute("id", "auth-" + sub.subid);
            Element x = Forms.form("form", Ns.SUBSCRIBE_AUTHORIZATION);
            x.addElement("title", Ns.DATA).setText("PubSub subscriber request");
            Forms.field(x, "pubsub#subid", "hidden", null, sub.subid);
            Forms.field(x, "pubsub#node", "text-single", "Node ID", node.id);
            Forms.field(x, "pubsub#subscriber_jid", "jid-single", "Subscriber Address", sub.jid.toString());
            Forms.field(x, "pubsub#allow", "boolean", "Allow this JID to subscribe to this pubsub node?", "false");
            message.add(x);
            ps.fanout.send(message, host.jid, owner);
        }
    }

    /** §8.6.2: an owner's submitted authorisation form (a message to the service); false when it is none. */
    CompletionStage<?> answer(Host host, Stanza message) {
        Element x = Forms.find(message.element());
        Map<String, List<String>> values = Forms.values(x);
        if (x == null || !"submit".equals(x.attributeValue("type"))
                || !Ns.SUBSCRIBE_AUTHORIZATION.equals(Forms.first(values, "FORM_TYPE"))) {
            return SerialQueue.DONE;
        }
        Node node = host.nodes.get(Forms.first(values, "pubsub#node"));
        Jid jid = Jids.parse(ps.preparer, Forms.first(values, "pubsub#subscriber_jid"));
        if (node == null || jid == null || !Owner.isOwner(host, node, message.from())) {
            return SerialQueue.DONE;
        }
        Subscription sub = node.subscription(jid);
        if (sub == null || !Subscription.PENDING.equals(sub.state)) {
            return SerialQueue.DONE;
        }
        boolean allow = Ns.isTrue(Forms.first(values, "pubsub#allow"));
        setSubscription(host, node, jid, allow ? Subscription.SUBSCRIBED : "none");
        return ps.storage.save(host, node);
    }
}
