package parlance.pubsub.internal;

import org.dom4j.Element;

/** Request payloads as clients send them (XEP-0060 §16.2 schema). */
final class Requests {
    private Requests() {
    }

    static Element pubsub() {
        return Ns.element("pubsub", Ns.PUBSUB);
    }

    static Element owner() {
        return Ns.element("pubsub", Ns.OWNER);
    }

    /** A payload element {@code <name xmlns='ns'>text</name>}. */
    static Element payload(String name, String ns, String text) {
        Element e = Ns.element(name, ns);
        e.setText(text);
        return e;
    }

    /** {@code <publish node><item id>payload</item></publish>} with optional publish-options pairs. */
    static Element publish(String node, String id, Element payload, String... options) {
        Element ps = pubsub();
        Element item = ps.addElement("publish", Ns.PUBSUB).addAttribute("node", node).addElement("item", Ns.PUBSUB);
        if (id != null) {
            item.addAttribute("id", id);
        }
        if (payload != null) {
            item.add(payload.createCopy());
        }
        if (options.length > 0) {
            Element x = Forms.form("submit", Ns.PUBLISH_OPTIONS);
            for (int i = 0; i < options.length; i += 2) {
                Forms.field(x, options[i], null, null, options[i + 1]);
            }
            ps.addElement("publish-options", Ns.PUBSUB).add(x);
        }
        return ps;
    }

    static Element create(String node, String... config) {
        Element ps = pubsub();
        Element create = ps.addElement("create", Ns.PUBSUB);
        if (node != null) {
            create.addAttribute("node", node);
        }
        if (config.length > 0) {
            Element x = Forms.form("submit", Ns.NODE_CONFIG);
            for (int i = 0; i < config.length; i += 2) {
                Forms.field(x, config[i], null, null, config[i + 1]);
            }
            ps.addElement("configure", Ns.PUBSUB).add(x);
        }
        return ps;
    }

    static Element items(String node, Integer max, String... ids) {
        Element ps = pubsub();
        Element items = ps.addElement("items", Ns.PUBSUB).addAttribute("node", node);
        if (max != null) {
            items.addAttribute("max_items", max.toString());
        }
        for (String id : ids) {
            items.addElement("item", Ns.PUBSUB).addAttribute("id", id);
        }
        return ps;
    }

    /** An action of the pubsub namespace with node and jid, e.g. subscribe, unsubscribe, options. */
    static Element action(String name, String node, String jid) {
        Element ps = pubsub();
        Element a = ps.addElement(name, Ns.PUBSUB).addAttribute("node", node);
        if (jid != null) {
            a.addAttribute("jid", jid);
        }
        return ps;
    }

    /** An action of the owner namespace (configure, delete, purge, subscriptions, affiliations). */
    static Element ownerAction(String name, String node) {
        Element ps = owner();
        Element a = ps.addElement(name, Ns.OWNER);
        if (node != null) {
            a.addAttribute("node", node);
        }
        return ps;
    }

    static Element configure(String node, String... pairs) {
        Element ps = ownerAction("configure", node);
        Element x = Forms.form("submit", Ns.NODE_CONFIG);
        for (int i = 0; i < pairs.length; i += 2) {
            Forms.field(x, pairs[i], null, null, pairs[i + 1]);
        }
        ps.element("configure").add(x);
        return ps;
    }

    /** Item ids of an items result or event, in order. */
    static java.util.List<String> ids(Element itemsParent) {
        return itemsParent.elements().stream().filter(e -> "item".equals(e.getName()))
                .map(e -> e.attributeValue("id")).toList();
    }
}
