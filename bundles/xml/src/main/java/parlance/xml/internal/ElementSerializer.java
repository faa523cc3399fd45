package parlance.xml.internal;

import java.util.Arrays;
import org.dom4j.Attribute;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;
import org.dom4j.QName;

/**
 * Writes a dom4j element tree as namespace-correct XML (Namespaces in XML 1.0): it keeps the prefix bindings in
 * scope and declares a binding only where the output would otherwise mean something else. Comments and processing
 * instructions are dropped (RFC 6120 §11.1: never sent); CDATA is written as escaped text.
 */
public final class ElementSerializer {
    private static final String XML_PREFIX = "xml";

    private final Utf8Buffer out;
    private String[] prefixes = new String[8];
    private String[] uris = new String[8];
    private int bindings;
    private int generated;

    /** @param defaultNamespace the default namespace in scope where the element is written ("" for none) */
    public ElementSerializer(Utf8Buffer out, String defaultNamespace) {
        this.out = out;
        bind("", defaultNamespace == null ? "" : defaultNamespace);
    }

    /** Declares a prefix as already bound by the context (e.g. {@code stream} on an XMPP stream). */
    public void bind(String prefix, String uri) {
        if (bindings == prefixes.length) {
            prefixes = Arrays.copyOf(prefixes, bindings * 2);
            uris = Arrays.copyOf(uris, bindings * 2);
        }
        prefixes[bindings] = prefix;
        uris[bindings] = uri;
        bindings++;
    }

    public void write(Element element) {
        int mark = bindings;
        QName qname = element.getQName();
        out.ascii('<').raw(qname.getQualifiedName());
        declare(qname.getNamespacePrefix(), qname.getNamespaceURI());
        int nodes = element.nodeCount();
        boolean content = false;
        for (int i = 0; i < nodes; i++) {
            Node node = element.node(i);
            if (node instanceof Namespace) {
                Namespace ns = (Namespace) node;
                declare(ns.getPrefix(), ns.getURI());
            } else {
                content = true;
            }
        }
        for (int i = 0, n = element.attributeCount(); i < n; i++) {
            writeAttribute(element.attribute(i));
        }
        if (!content) {
            out.ascii('/').ascii('>');
        } else {
            out.ascii('>');
            for (int i = 0; i < nodes; i++) {
                writeNode(element.node(i));
            }
            out.ascii('<').ascii('/').raw(qname.getQualifiedName()).ascii('>');
        }
        bindings = mark;
    }

    private void writeNode(Node node) {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE:
                write((Element) node);
                break;
            case Node.TEXT_NODE:
            case Node.CDATA_SECTION_NODE:
            case Node.ENTITY_REFERENCE_NODE:
                out.text(node.getText());
                break;
            default:
                // namespace nodes were declared; comments and processing instructions are never sent
        }
    }

    private void writeAttribute(Attribute attribute) {
        QName qname = attribute.getQName();
        String uri = qname.getNamespaceURI();
        String name = qname.getQualifiedName();
        if (!uri.isEmpty() && !XML_PREFIX.equals(qname.getNamespacePrefix())) {
            String prefix = qname.getNamespacePrefix();
            if (prefix.isEmpty()) {
                // an attribute cannot use the default namespace: give it a prefix
                prefix = prefixFor(uri);
                name = prefix + ":" + qname.getName();
            }
            declare(prefix, uri);
        }
        out.ascii(' ').raw(name).ascii('=').ascii('\'').attribute(attribute.getValue()).ascii('\'');
    }

    private void declare(String prefix, String uri) {
        if (XML_PREFIX.equals(prefix) || uri.equals(lookup(prefix))) {
            return;
        }
        if (prefix.isEmpty()) {
            out.raw(" xmlns='");
        } else {
            out.raw(" xmlns:").raw(prefix).ascii('=').ascii('\'');
        }
        out.attribute(uri).ascii('\'');
        bind(prefix, uri);
    }

    private String lookup(String prefix) {
        for (int i = bindings - 1; i >= 0; i--) {
            if (prefixes[i].equals(prefix)) {
                return uris[i];
            }
        }
        return prefix.isEmpty() ? "" : null;
    }

    private String prefixFor(String uri) {
        for (int i = bindings - 1; i >= 0; i--) {
            if (uris[i].equals(uri) && !prefixes[i].isEmpty() && uri.equals(lookup(prefixes[i]))) {
                return prefixes[i];
            }
        }
        String prefix;
        do {
            prefix = "ns" + generated++;
        } while (lookup(prefix) != null);
        return prefix;
    }
}
