package parlance.component.internal;

import org.dom4j.Attribute;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;
import org.dom4j.QName;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;

/**
 * Elements of the component stream (XEP-0114): stanzas move between the {@code jabber:component:accept} namespace
 * of the stream and the {@code jabber:client} namespace every handler and session of the server uses (as s2s does
 * with {@code jabber:server}, RFC 6120 §4.8.3); the handshake; stream errors (RFC 6120 §4.9.2).
 */
final class ComponentElements {
    /** XEP-0114 §2: the namespace of a component stream accepted by the server. */
    static final String ACCEPT = "jabber:component:accept";
    static final Namespace STREAM = Namespace.get("stream", Namespaces.STREAMS);

    private ComponentElements() {
    }

    /** A copy of a stanza received from a component, in {@code jabber:client} (the original is left untouched). */
    static Element toClient(Element fromComponent) {
        return copy(fromComponent, ACCEPT, Namespaces.CLIENT);
    }

    /** A copy of a server stanza for the component stream, in {@code jabber:component:accept}. */
    static Element toComponent(Element fromServer) {
        return copy(fromServer, Namespaces.CLIENT, ACCEPT);
    }

    /** XEP-0114 §3: {@code <handshake/>}, the server's acknowledgement of a correct handshake. */
    static Element handshake() {
        return DocumentHelper.createElement(QName.get("handshake", ACCEPT));
    }

    /** RFC 6120 §4.9.2: {@code <stream:error><condition/><text/>?</stream:error>}. */
    static Element streamError(StreamError condition, String text) {
        Element error = DocumentHelper.createElement(QName.get("error", STREAM));
        error.addElement(QName.get(condition.condition(), StreamError.NAMESPACE));
        if (text != null) {
            Element t = error.addElement(QName.get("text", StreamError.NAMESPACE));
            t.addAttribute(QName.get("lang", Namespace.XML_NAMESPACE), "en");
            t.setText(text);
        }
        return error;
    }

    /** Deep copy; elements in {@code fromNs} (or in no namespace) move to {@code toNs}, all others keep theirs. */
    private static Element copy(Element source, String fromNs, String toNs) {
        String ns = source.getNamespaceURI();
        QName name = ns.equals(fromNs) || ns.isEmpty() ? QName.get(source.getName(), toNs) : source.getQName();
        Element target = DocumentHelper.createElement(name);
        for (Attribute a : source.attributes()) {
            target.addAttribute(a.getQName(), a.getValue());
        }
        for (Node node : source.content()) {
            if (node instanceof Element) {
                Element child = (Element) node;
                target.add(child.getNamespaceURI().equals(fromNs) || child.getNamespaceURI().isEmpty()
                        ? copy(child, fromNs, toNs) : child.createCopy());
            } else if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
                target.addText(node.getText());
            }
        }
        return target;
    }
}
