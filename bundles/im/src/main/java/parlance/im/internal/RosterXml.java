package parlance.im.internal;

import java.util.TreeSet;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.storage.RosterItem;
import parlance.api.stanza.Namespaces;

/** Roster items as XML (RFC 6121 §2.1.2) and the visibility rule for stored items. */
final class RosterXml {
    private RosterXml() {
    }

    static Element query(String ver) {
        Element query = DocumentHelper.createElement(QName.get("query", Namespaces.ROSTER));
        if (ver != null) {
            query.addAttribute("ver", ver);
        }
        return query;
    }

    /** Adds {@code <item/>} for a stored item: jid, name, subscription, ask (§2.1.2.2), approved (§3.4), groups. */
    static void addItem(Element query, RosterItem item) {
        Element el = query.addElement(QName.get("item", Namespaces.ROSTER));
        el.addAttribute("jid", item.jid().toString());
        if (item.name() != null) {
            el.addAttribute("name", item.name());
        }
        el.addAttribute("subscription", item.subscription().value());
        if (item.pendingOut()) {
            el.addAttribute("ask", "subscribe");
        }
        if (item.approved()) {
            el.addAttribute("approved", "true");
        }
        for (String group : new TreeSet<>(item.groups())) {
            el.addElement(QName.get("group", Namespaces.ROSTER)).setText(group);
        }
    }

    /** The {@code <item subscription='remove'/>} of a roster push after a removal (§2.5.2). */
    static void addRemoved(Element query, Jid contact) {
        Element el = query.addElement(QName.get("item", Namespaces.ROSTER));
        el.addAttribute("jid", contact.toString());
        el.addAttribute("subscription", "remove");
    }

    /**
     * Whether an item shows in the roster. An inbound subscription request from someone not in the roster is only
     * remembered (RFC 6121 §3.1.3: the request is stored, the user is not added): such a "pending in only" item
     * (subscription none, no ask, no pre-approval, no name, no groups) is stored but not shown.
     */
    static boolean visible(RosterItem item) {
        return item != null && !(item.pendingIn() && item.subscription() == RosterItem.Subscription.NONE
                && !item.pendingOut() && !item.approved() && item.name() == null && item.groups().isEmpty());
    }
}
