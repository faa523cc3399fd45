package parlance.pubsub.internal;

import java.time.Instant;
import java.util.List;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;
import parlance.api.storage.StoredItem;

/** Item elements (XEP-0060 §6.5, §7.1.2) and event messages built from them. */
final class Items {
    private static final Logger LOG = LoggerFactory.getLogger(Items.class);

    private Items() {
    }

    /** {@code <item id='...'>payload</item>} in {@code ns}; the payload is copied, or left out when null. */
    static Element item(String ns, String id, Element payload, String publisher) {
        Element item = Ns.element("item", ns);
        item.addAttribute("id", id);
        if (publisher != null) {
            item.addAttribute("publisher", publisher);
        }
        if (payload != null) {
            item.add(payload.createCopy());
        }
        return item;
    }

    /** A stored item's payload element, or {@code null} when it has none (or it cannot be read). */
    static Element payload(StoredItem item) {
        if (item.payloadXml().isEmpty()) {
            return null;
        }
        try {
            return Ns.parse(item.payloadXml());
        } catch (Exception e) {
            LOG.warn("Unreadable payload of item {}: {}", item.id(), e.toString());
            return null;
        }
    }

    static Element item(String ns, StoredItem stored, boolean withPayload) {
        return item(ns, stored.id(), withPayload ? payload(stored) : null, null);
    }

    /** A new {@code <event><items node='...'/></event>} with the given item elements (§7.1.2.1). */
    static Element eventItems(String node, List<Element> items) {
        Element event = Ns.element("event", Ns.EVENT);
        Element list = event.addElement("items", Ns.EVENT).addAttribute("node", node);
        items.forEach(list::add);
        return event;
    }

    /** A notification message around {@code event}, of the node's notification type (§7.1.2.1). */
    static Element message(Node node, Element event, Instant delayed, String delayFrom) {
        Element message = Stanzas.newElement(Stanza.Kind.MESSAGE);
        String type = node.config.get(NodeConfig.NOTIFICATION_TYPE);
        if (!type.isEmpty() && !"normal".equals(type)) {
            message.addAttribute("type", type);
        }
        message.addAttribute("id", "ps-" + Long.toHexString(System.nanoTime()));
        message.add(event);
        if (delayed != null) { // XEP-0203 on the last published item (§6.1.7)
            Element delay = message.addElement("delay", Ns.DELAY);
            delay.addAttribute("stamp", delayed.toString());
            delay.addAttribute("from", delayFrom);
        }
        return message;
    }
}
