package parlance.pubsub.internal;

import java.io.StringReader;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.dom4j.io.SAXReader;
import org.xml.sax.SAXException;

/** Namespaces of XEP-0060 (§16), XEP-0115 and the stored node document, and small XML helpers. */
final class Ns {
    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final String OWNER = PUBSUB + "#owner";
    static final String EVENT = PUBSUB + "#event";
    static final String ERRORS = PUBSUB + "#errors";
    static final String NODE_CONFIG = PUBSUB + "#node_config";
    static final String PUBLISH_OPTIONS = PUBSUB + "#publish-options";
    static final String SUBSCRIBE_OPTIONS = PUBSUB + "#subscribe_options";
    static final String SUBSCRIBE_AUTHORIZATION = PUBSUB + "#subscribe_authorization";
    static final String META_DATA = PUBSUB + "#meta-data";
    static final String DATA = "jabber:x:data";
    static final String CAPS = "http://jabber.org/protocol/caps";
    static final String DELAY = "urn:xmpp:delay";
    /** The node document kept in the store (configuration, affiliations, subscriptions). */
    static final String STORED = "urn:parlance:pubsub:node:1";

    private Ns() {
    }

    static Element element(String name, String ns) {
        return DocumentHelper.createElement(QName.get(name, ns));
    }

    /** A {@code pubsub#...} feature name (XEP-0060 §10). */
    static String feature(String name) {
        return PUBSUB + "#" + name;
    }

    /** Parses stored XML with a hardened reader: no DOCTYPE, no external entities. */
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

    /** Whether a boolean field or attribute value is true (XEP-0004 §3.3: "1" or "true"). */
    static boolean isTrue(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }
}
