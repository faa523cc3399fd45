package parlance.stream.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.dom4j.Element;
import org.dom4j.QName;

/**
 * What an inactive client (XEP-0352 §3.2) does not get right away: presence updates (only the latest per sender's
 * full address is kept) and other unimportant stanzas, until something important arrives, the client becomes
 * active, or the buffer is full. The rules follow Prosody's mod_csi_simple: IQs, messages with a body, subject,
 * encryption or invitation, errors, carbons of sent messages and subscription presence are important; presence
 * updates, headlines and chat states are not. Not thread-safe: its {@link Outbox} guards it.
 */
final class CsiBuffer {
    static final String NS = "urn:xmpp:csi:0";
    private static final String CARBONS = "urn:xmpp:carbons:2";
    private static final String FORWARD = "urn:xmpp:forward:0";
    private final List<SmQueue.Entry> held = new ArrayList<>(4);

    /** True when the stanza should reach the client now. */
    static boolean important(Element e) {
        String type = e.attributeValue("type");
        switch (e.getName()) {
            case "presence":
                // available, unavailable and errors are updates; subscription management is for the user
                return type != null && !"unavailable".equals(type) && !"error".equals(type);
            case "message":
                return importantMessage(e, type);
            default:
                return true;
        }
    }

    private static boolean importantMessage(Element e, String type) {
        if ("headline".equals(type)) {
            return false;
        }
        if ("error".equals(type) || e.element(QName.get("sent", CARBONS)) != null) {
            return true;
        }
        Element forwarded = forwardedCarbon(e);
        Element m = forwarded != null ? forwarded : e;
        return m.element("body") != null || m.element("subject") != null
                || m.element(QName.get("encryption", "urn:xmpp:eme:0")) != null
                || m.element(QName.get("x", "jabber:x:conference")) != null
                || hasInvite(m);
    }

    private static Element forwardedCarbon(Element e) {
        Element received = e.element(QName.get("received", CARBONS));
        Element forwarded = received == null ? null : received.element(QName.get("forwarded", FORWARD));
        return forwarded == null ? null : forwarded.element("message");
    }

    private static boolean hasInvite(Element m) {
        Element x = m.element(QName.get("x", "http://jabber.org/protocol/muc#user"));
        return x != null && x.element(QName.get("invite", "http://jabber.org/protocol/muc#user")) != null;
    }

    /** Holds an unimportant stanza; a presence replaces the held one from the same sender. */
    void hold(SmQueue.Entry entry) {
        Element e = entry.element();
        if ("presence".equals(e.getName())) {
            String from = e.attributeValue("from");
            for (Iterator<SmQueue.Entry> it = held.iterator(); it.hasNext(); ) {
                Element old = it.next().element();
                if ("presence".equals(old.getName()) && Objects.equals(from, old.attributeValue("from"))) {
                    it.remove();
                    break;
                }
            }
        }
        held.add(entry);
    }

    int size() {
        return held.size();
    }

    /** The held stanzas in order, leaving the buffer empty. */
    List<SmQueue.Entry> drain() {
        List<SmQueue.Entry> out = List.copyOf(held);
        held.clear();
        return out;
    }
}
