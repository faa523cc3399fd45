package parlance.xml;

import org.dom4j.Element;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives what an {@link XmppStreamParser} finds in one XML stream (RFC 6120 §4.2, §4.3): the stream header, each
 * complete first-level child, and the closing tag. Called on the thread that calls {@link XmppStreamParser#feed};
 * an exception thrown here fails the parser and propagates out of {@code feed}.
 */
@ConsumerType
public interface XmppStreamListener {
    /** The {@code <stream:stream ...>} start tag was parsed (RFC 6120 §4.7). */
    void streamOpened(StreamHeader header) throws XmlStreamException;

    /**
     * A complete first-level child of the stream (a stanza, {@code <stream:features/>}, a SASL or TLS element...):
     * detached (no parent, no document), with its namespace and any inherited prefix bindings resolved.
     */
    void element(Element element) throws XmlStreamException;

    /** The closing {@code </stream:stream>} tag was parsed (RFC 6120 §4.4). */
    void streamClosed() throws XmlStreamException;
}
