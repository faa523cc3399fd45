package parlance.im.internal;

import java.io.StringReader;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.dom4j.io.SAXReader;
import org.xml.sax.SAXException;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;

/** Small helpers shared by the IM handlers: addressed copies, presence builders, stored-XML parsing. */
final class Xml {
    private Xml() {
    }

    /** A copy of {@code stanza} with new addresses (a received stanza is a value and is never changed). */
    static Stanza readdress(Stanza stanza, Jid from, Jid to) {
        Element copy = stanza.element().createCopy();
        setAddress(copy, "from", from);
        setAddress(copy, "to", to);
        return Stanza.of(copy, from, to);
    }

    /** A new presence of {@code type} (null for available) with the given addresses. */
    static Stanza presence(String type, Jid from, Jid to) {
        Element el = DocumentHelper.createElement(QName.get("presence", Namespaces.CLIENT));
        if (type != null) {
            el.addAttribute("type", type);
        }
        setAddress(el, "from", from);
        setAddress(el, "to", to);
        return Stanza.of(el, from, to);
    }

    private static void setAddress(Element el, String name, Jid jid) {
        el.addAttribute(name, jid == null ? null : jid.toString()); // null removes the attribute
    }

    /** True when the session sent available presence and has not gone unavailable since (RFC 6121 §4.1). */
    static boolean isAvailable(ClientSession session) {
        Stanza presence = session.presence();
        return presence != null && presence.element().attributeValue("type") == null;
    }

    /** An available session with non-negative priority: one that receives messages to the bare address. */
    static boolean isReceiver(ClientSession session) {
        return isAvailable(session) && priority(session.presence()) >= 0;
    }

    /** The {@code <priority/>} of a presence (RFC 6121 §4.7.2.3): -128..127, 0 when absent or invalid. */
    static int priority(Stanza presence) {
        String text = presence.element().elementTextTrim("priority");
        if (text == null) {
            return 0;
        }
        try {
            int p = Integer.parseInt(text);
            return p < -128 || p > 127 ? 0 : p;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An address from text this server wrote itself from a prepared {@link Jid} (stored stanzas): no preparation. */
    static Jid preparedJid(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int slash = text.indexOf('/');
        String resource = slash < 0 ? null : text.substring(slash + 1);
        String rest = slash < 0 ? text : text.substring(0, slash);
        int at = rest.indexOf('@');
        return Jid.ofPrepared(at < 0 ? null : rest.substring(0, at), rest.substring(at + 1), resource);
    }

    /** Parses stored XML with a hardened reader: no DOCTYPE, no external entities or DTDs. */
    static Element parse(String xml) throws DocumentException {
        SAXReader reader = new SAXReader();
        try {
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            reader.setFeature("http://xml.org/sax/features/external-general-entities", false);
            reader.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            reader.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (SAXException e) {
            throw new DocumentException("cannot harden the XML parser", e);
        }
        reader.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entities are not allowed");
        });
        Document doc = reader.read(new StringReader(xml));
        return doc.getRootElement();
    }
}
