package parlance.xml.internal;

import javax.xml.stream.XMLStreamReader;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;

/**
 * Builds one dom4j element tree from StAX events: start tags (with their namespace declarations and attributes),
 * text pieces (merged into one text node per run) and end tags. Reused for every stanza of a connection.
 */
public final class ElementBuilder {
    private static final int KEEP_TEXT_CAPACITY = 8192;

    private final DocumentFactory factory = DocumentFactory.getInstance();
    private NameCache names = new NameCache();
    private StringBuilder text = new StringBuilder(256);
    private Element current;
    private Element root;

    /** A start tag: creates the element and makes it the current one. */
    public void start(XMLStreamReader reader) {
        flushText();
        NameCache names = this.names;
        if (names == null) {
            names = this.names = new NameCache();
        }
        QName qname = names.qname(reader.getLocalName(), reader.getPrefix(), reader.getNamespaceURI());
        Element element = factory.createElement(qname);
        Namespace own = qname.getNamespace();
        for (int i = 0, n = reader.getNamespaceCount(); i < n; i++) {
            Namespace declared = names.namespace(reader.getNamespacePrefix(i), reader.getNamespaceURI(i));
            if (declared != own && declared != Namespace.XML_NAMESPACE) {
                element.add(declared);
            }
        }
        for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
            QName name = names.qname(reader.getAttributeLocalName(i), reader.getAttributePrefix(i),
                    reader.getAttributeNamespace(i));
            element.add(factory.createAttribute(element, name, reader.getAttributeValue(i)));
        }
        if (current == null) {
            root = element;
        } else {
            current.add(element);
        }
        current = element;
    }

    /** A piece of character data (text, CDATA, whitespace) inside the current element. */
    public void text(XMLStreamReader reader) {
        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
    }

    /** An end tag; returns the finished root element when it closes the outermost one, else {@code null}. */
    public Element end() {
        flushText();
        Element closed = current;
        current = closed.getParent();
        if (current != null) {
            return null;
        }
        Element done = root;
        root = null;
        return done;
    }

    /** Forgets any half-built tree and lets go of the name cache and text buffer (an idle stream's parser). */
    public void release() {
        clear();
        names = null;
        text = new StringBuilder(0);
    }

    /** Forgets any half-built tree. */
    public void clear() {
        current = null;
        root = null;
        resetText();
    }

    private void flushText() {
        if (text.length() > 0) {
            current.addText(text.toString());
            resetText();
        }
    }

    private void resetText() {
        if (text.capacity() > KEEP_TEXT_CAPACITY) {
            text = new StringBuilder(256);
        } else {
            text.setLength(0);
        }
    }
}
