package parlance.s2s.internal;

import org.dom4j.Attribute;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;
import org.dom4j.QName;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;

/** The elements of s2s streams (RFC 6120 §4, §5; XEP-0220 §2), built with dom4j. */
final class S2sElements {
    /** XEP-0220 §2: the dialback namespace, bound to the {@code db} prefix on the stream header. */
    static final String DIALBACK = "jabber:server:dialback";
    /** XEP-0220 §2.4: the stream feature announcing dialback with error support. */
    static final String DIALBACK_FEATURE = "urn:xmpp:features:dialback";
    static final Namespace DB = Namespace.get("db", DIALBACK);
    /** XEP-0288 §2.2: the namespace of the {@code <bidi/>} request of the initiating server. */
    static final String BIDI = "urn:xmpp:bidi";
    /** XEP-0288 §2.1: the stream feature announcing bidirectional streams. */
    static final String BIDI_FEATURE = "urn:xmpp:features:bidi";
    private static final DocumentFactory F = DocumentFactory.getInstance();
    private static final Namespace STREAM = Namespace.get("stream", Namespaces.STREAMS);

    private S2sElements() {
    }

    /** {@code <db:result/>} or {@code <db:verify/>}: a key when {@code type} is null, else the answer. */
    static Element dialback(String name, String from, String to, String id, String type, String key) {
        Element e = F.createElement(QName.get(name, DB));
        e.addAttribute("from", from);
        e.addAttribute("to", to);
        if (id != null) {
            e.addAttribute("id", id);
        }
        if (type != null) {
            e.addAttribute("type", type);
        }
        if (key != null) {
            e.setText(key);
        }
        return e;
    }

    /** The features after the stream header (RFC 6120 §4.3.2): STARTTLS (required) first, then dialback, EXTERNAL. */
    static Element features(boolean secured, boolean offerExternal) {
        Element f = F.createElement(QName.get("features", STREAM));
        if (!secured) {
            f.addElement(QName.get("starttls", Namespace.get(Namespaces.TLS))).addElement(
                    QName.get("required", Namespace.get(Namespaces.TLS)));
            return f;
        }
        if (offerExternal) {
            Element m = f.addElement(QName.get("mechanisms", Namespace.get(Namespaces.SASL)));
            m.addElement(QName.get("mechanism", Namespace.get(Namespaces.SASL))).setText("EXTERNAL");
        }
        f.addElement(QName.get("dialback", Namespace.get(DIALBACK_FEATURE)))
                .addElement(QName.get("errors", Namespace.get(DIALBACK_FEATURE)));
        return f;
    }

    /** {@code features} with the XEP-0288 §2.1 {@code <bidi xmlns='urn:xmpp:features:bidi'/>} added when asked. */
    static Element withBidi(Element features, boolean offer) {
        if (offer) {
            features.addElement(QName.get("bidi", Namespace.get(BIDI_FEATURE)));
        }
        return features;
    }

    /** The XEP-0288 §2.2 request {@code <bidi xmlns='urn:xmpp:bidi'/>}. */
    static Element bidi() {
        return F.createElement(QName.get("bidi", Namespace.get(BIDI)));
    }

    static Element tls(String name) {
        return F.createElement(QName.get(name, Namespace.get(Namespaces.TLS)));
    }

    static Element sasl(String name) {
        return F.createElement(QName.get(name, Namespace.get(Namespaces.SASL)));
    }

    /** {@code <stream:error>} with one condition (RFC 6120 §4.9). */
    static Element streamError(StreamError condition) {
        Element e = F.createElement(QName.get("error", STREAM));
        e.addElement(QName.get(condition.condition(), Namespace.get(StreamError.NAMESPACE)));
        return e;
    }

    static boolean is(Element e, String namespace, String name) {
        return name.equals(e.getName()) && namespace.equals(e.getNamespaceURI());
    }

    static Element child(Element parent, String namespace, String name) {
        for (Element c : parent.elements()) {
            if (is(c, namespace, name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * A copy of {@code stanza} with every element of namespace {@code from} moved to {@code to}: stanzas are
     * {@code jabber:client} inside the server and {@code jabber:server} on s2s streams (RFC 6120 §4.8.3). The
     * original is not touched (stanzas are values).
     */
    static Element retarget(Element stanza, String from, String to) {
        Element copy = F.createElement(rename(stanza.getQName(), from, to));
        for (int i = 0, n = stanza.attributeCount(); i < n; i++) {
            Attribute a = stanza.attribute(i);
            copy.addAttribute(a.getQName(), a.getValue());
        }
        for (int i = 0, n = stanza.nodeCount(); i < n; i++) {
            Node node = stanza.node(i);
            if (node instanceof Element) {
                copy.add(retarget((Element) node, from, to));
            } else if (node instanceof Namespace) {
                Namespace ns = (Namespace) node;
                if (!ns.getURI().equals(from)) {
                    copy.add((Node) ns.clone());
                }
            } else {
                copy.add((Node) node.clone());
            }
        }
        return copy;
    }

    private static QName rename(QName q, String from, String to) {
        return from.equals(q.getNamespaceURI()) ? QName.get(q.getName(), Namespace.get(q.getNamespacePrefix(), to)) : q;
    }
}
