package parlance.pubsub.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dom4j.Element;
import parlance.api.address.Jid;

/**
 * A leaf node (XEP-0060 §4.4): its id, configuration, affiliations (by bare address, §4.1) and subscriptions
 * (§4.2). Items live in the store. A node is only touched on its service's queue.
 */
final class Node {
    final String id;
    NodeConfig config;
    final Map<Jid, Affiliation> affiliations = new LinkedHashMap<>();
    final List<Subscription> subscriptions = new ArrayList<>();
    Node(String id, NodeConfig config) {
        this.id = id;
        this.config = config;
    }

    Affiliation affiliation(Jid who) {
        return who == null ? Affiliation.NONE : affiliations.getOrDefault(who.bare(), Affiliation.NONE);
    }

    List<Jid> owners() {
        List<Jid> owners = new ArrayList<>();
        affiliations.forEach((jid, a) -> {
            if (a == Affiliation.OWNER) {
                owners.add(jid);
            }
        });
        return owners;
    }

    /** The subscription of exactly this address (bare or full), or {@code null}. */
    Subscription subscription(Jid jid) {
        for (Subscription s : subscriptions) {
            if (s.jid.equals(jid)) {
                return s;
            }
        }
        return null;
    }

    /** Subscriptions held by an entity, whatever resource they name. */
    List<Subscription> subscriptionsOf(Jid who) {
        List<Subscription> list = new ArrayList<>();
        for (Subscription s : subscriptions) {
            if (s.jid.bare().equals(who.bare())) {
                list.add(s);
            }
        }
        return list;
    }

    /** Whether {@code who} holds an approved subscription (needed for items of an authorize node, §6.5.3). */
    boolean isSubscribed(Jid who) {
        return subscriptionsOf(who).stream().anyMatch(Subscription::isActive);
    }

    /** The stored document: {@code <node xmlns='urn:parlance:pubsub:node:1'>}. */
    Element toXml() {
        Element root = Ns.element("node", Ns.STORED);
        root.addAttribute("id", id);
        root.addElement("config", Ns.STORED).add(config.form("submit"));
        affiliations.forEach((jid, a) -> root.addElement("affiliation", Ns.STORED)
                .addAttribute("jid", jid.toString()).addAttribute("type", a.value()));
        for (Subscription s : subscriptions) {
            Element e = root.addElement("subscription", Ns.STORED).addAttribute("jid", s.jid.toString())
                    .addAttribute("subid", s.subid).addAttribute("state", s.state);
            if (!s.options.isEmpty()) {
                Element x = Forms.form("submit", Ns.SUBSCRIBE_OPTIONS);
                s.options.forEach((var, v) -> Forms.field(x, var, null, null, v.toArray(String[]::new)));
                e.add(x);
            }
        }
        return root;
    }

    /** Reads a stored document; addresses in it were prepared when they were stored. */
    static Node fromXml(String id, Element root, NodeConfig defaults) {
        Element config = root.element("config");
        Node node = new Node(id, config == null ? defaults : NodeConfig.read(Forms.find(config), defaults));
        for (Element a : root.elements("affiliation")) {
            Affiliation type = Affiliation.of(a.attributeValue("type"));
            Jid jid = Jids.parsePrepared(a.attributeValue("jid"));
            if (type != null && jid != null) {
                node.affiliations.put(jid, type);
            }
        }
        for (Element s : root.elements("subscription")) {
            Jid jid = Jids.parsePrepared(s.attributeValue("jid"));
            if (jid == null) {
                continue;
            }
            Subscription sub = new Subscription(jid, s.attributeValue("subid"), s.attributeValue("state"));
            Map<String, List<String>> options = Forms.values(Forms.find(s));
            options.remove("FORM_TYPE");
            sub.options.putAll(options);
            node.subscriptions.add(sub);
        }
        return node;
    }
}
