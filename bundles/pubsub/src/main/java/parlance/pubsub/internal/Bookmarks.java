package parlance.pubsub.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.dom4j.Element;
import org.dom4j.QName;

/**
 * The two bookmark formats and the conversion between them (XEP-0402 §5.3 "Compatibility"): XEP-0048's single
 * {@code <storage xmlns='storage:bookmarks'>} with one {@code <conference jid=...>} per room, and XEP-0402's
 * {@code urn:xmpp:bookmarks:1} node with one item per room, its id the room's address. Only conferences convert
 * (XEP-0402 §1: URL bookmarks are out of scope); a XEP-0402 {@code <extensions/>} element has no legacy form and
 * is kept from the current item when a legacy client edits the bookmark.
 */
final class Bookmarks {
    /** The XEP-0402 node and payload namespace. */
    static final String NODE = "urn:xmpp:bookmarks:1";
    /** The XEP-0048 namespace: the private XML element and the XEP-0223 PEP node. */
    static final String LEGACY = "storage:bookmarks";
    /** The PrivateStore key of the XEP-0048 element (the disco bundle's {@code namespace + ' ' + name}). */
    static final String PRIVATE_KEY = LEGACY + " storage";
    /** XEP-0402 §5.3: account features of the two unifications. */
    static final String COMPAT = NODE + "#compat";
    static final String COMPAT_PEP = NODE + "#compat-pep";

    private Bookmarks() {
    }

    /** What a legacy client can see of a bookmark; two bookmarks with equal views need no update. */
    record View(String name, boolean autojoin, String nick, String password) {
    }

    /** The conferences of a legacy {@code <storage/>}, by room address, in document order; no jid: skipped. */
    static Map<String, Element> fromLegacy(Element storage) {
        Map<String, Element> items = new LinkedHashMap<>();
        if (storage == null) {
            return items;
        }
        for (Element c : storage.elements(QName.get("conference", LEGACY))) {
            String jid = c.attributeValue("jid");
            if (jid == null || jid.isBlank()) {
                continue;
            }
            Element conference = Ns.element("conference", NODE);
            copyCommon(c, conference, NODE);
            items.put(jid.trim(), conference);
        }
        return items;
    }

    /** A legacy {@code <storage/>} listing {@code conferences} (room address to XEP-0402 payload), in order. */
    static Element toLegacy(Map<String, Element> conferences) {
        Element storage = Ns.element("storage", LEGACY);
        conferences.forEach((jid, payload) -> {
            Element c = storage.addElement("conference", LEGACY);
            c.addAttribute("jid", jid);
            if (payload != null && NODE.equals(payload.getNamespaceURI())) {
                copyCommon(payload, c, LEGACY);
            }
        });
        return storage;
    }

    static View view(Element conference) {
        if (conference == null) {
            return null;
        }
        String ns = conference.getNamespaceURI();
        return new View(conference.attributeValue("name"), Ns.isTrue(conference.attributeValue("autojoin")),
                conference.elementText(QName.get("nick", ns)), conference.elementText(QName.get("password", ns)));
    }

    static boolean sameView(Element a, Element b) {
        return Objects.equals(view(a), view(b));
    }

    /** The new payload with the current item's {@code <extensions/>} kept (XEP-0402 §3: preserve what you do not know). */
    static Element withExtensions(Element converted, Element current) {
        Element ext = current == null ? null : current.element(QName.get("extensions", NODE));
        if (ext == null) {
            return converted;
        }
        Element copy = converted.createCopy();
        copy.add(ext.createCopy());
        return copy;
    }

    /** name, autojoin ("true" only when set), nick and password, from one namespace's element to the other's. */
    private static void copyCommon(Element from, Element to, String toNs) {
        String ns = from.getNamespaceURI();
        String name = from.attributeValue("name");
        if (name != null) {
            to.addAttribute("name", name);
        }
        if (Ns.isTrue(from.attributeValue("autojoin"))) {
            to.addAttribute("autojoin", "true");
        }
        String nick = from.elementText(QName.get("nick", ns));
        if (nick != null) {
            to.addElement("nick", toNs).setText(nick);
        }
        String password = from.elementText(QName.get("password", ns));
        if (password != null) {
            to.addElement("password", toNs).setText(password);
        }
    }
}
