package parlance.archive.internal;

import java.io.StringReader;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.QName;
import org.dom4j.io.SAXReader;
import org.xml.sax.SAXException;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;

/** Stanza-ids (XEP-0359) on copies of messages, and the reading of stored messages. Stanzas are never mutated. */
final class Stamps {
    private static final QName STANZA_ID = QName.get("stanza-id", Ns.SID);

    private Stamps() {
    }

    /**
     * The message without {@code <stanza-id/>} elements whose {@code by} is {@code by} (XEP-0359 §5: an entity
     * stamping ids removes any that claim to be its own, so that no one can forge them); the same value when it
     * carries none.
     */
    static Stanza strip(Stanza message, Jid by) {
        String owner = by.toString();
        boolean found = false;
        for (Element id : message.element().elements(STANZA_ID)) {
            found |= owner.equals(id.attributeValue("by"));
        }
        if (!found) {
            return message;
        }
        Element copy = message.element().createCopy();
        for (Element id : copy.elements(STANZA_ID)) {
            if (owner.equals(id.attributeValue("by"))) {
                copy.remove(id);
            }
        }
        return Stanza.of(copy, message.from(), message.to());
    }

    /** A copy of the message with {@code <stanza-id xmlns='urn:xmpp:sid:0' id='...' by='...'/>} (XEP-0359 §3). */
    static Stanza stamp(Stanza message, Jid by, String id) {
        Element copy = message.element().createCopy();
        copy.addElement(STANZA_ID).addAttribute("id", id).addAttribute("by", by.toString());
        return Stanza.of(copy, message.from(), message.to());
    }

    /** The id a stanza carries from {@code by}, or {@code null}. */
    static String stanzaId(Stanza message, Jid by) {
        for (Element id : message.element().elements(STANZA_ID)) {
            if (by.toString().equals(id.attributeValue("by"))) {
                return id.attributeValue("id");
            }
        }
        return null;
    }

    /** True for a message with a {@code <body/>} (RFC 6121 §5.2.3). */
    static boolean hasBody(Stanza message) {
        return message.element().element(QName.get("body", Namespaces.CLIENT)) != null;
    }

    /** True when the message carries the XEP-0334 hint {@code name}. */
    static boolean hinted(Stanza message, String name) {
        return message.element().element(QName.get(name, Ns.HINTS)) != null;
    }

    /** True when the message carries a Jingle Message Initiation element (XEP-0353 §3), in either namespace. */
    static boolean jingleMessage(Stanza message) {
        for (Element child : message.element().elements()) {
            String ns = child.getNamespaceURI();
            if (Ns.JINGLE_MESSAGE.equals(ns) || Ns.JINGLE_MESSAGE_1.equals(ns)) {
                return true;
            }
        }
        return false;
    }

    /** Parses stored XML with a parser that refuses DTDs and external entities. */
    static Element parse(String xml) throws DocumentException {
        SAXReader reader = new SAXReader();
        try {
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            reader.setFeature("http://xml.org/sax/features/external-general-entities", false);
            reader.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        } catch (SAXException e) {
            throw new DocumentException("cannot harden the XML parser", e);
        }
        Document doc = reader.read(new StringReader(xml));
        return doc.getRootElement();
    }
}
