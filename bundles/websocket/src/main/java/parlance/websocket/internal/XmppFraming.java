package parlance.websocket.internal;

import java.nio.charset.StandardCharsets;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import parlance.api.stanza.StreamError;
import parlance.stream.spi.ElementStream;
import parlance.xml.XmlReader;
import parlance.xml.XmlStreamException;
import parlance.xml.XmlWriter;

/**
 * The XMPP framing of RFC 7395 §3.3: every WebSocket text message is exactly one complete XML element with its
 * own namespace declarations; the stream header is {@code <open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>}
 * (§3.3.2, §3.4) and its end {@code <close/>} (§3.6). Incoming messages are parsed with the restricted-XML rules of
 * {@link XmlReader} (RFC 6120 §11.1) and handed to the {@link ElementStream}; an element before the first
 * {@code <open/>} is a stream error. One instance per connection; not thread-safe.
 */
final class XmppFraming {
    static final String NS = "urn:ietf:params:xml:ns:xmpp-framing";
    private final ElementStream stream;
    private boolean opened;

    XmppFraming(ElementStream stream) {
        this.stream = stream;
    }

    /** One text message from the client. */
    void message(String text) {
        Element e;
        try {
            e = XmlReader.parse(text);
        } catch (XmlStreamException ex) {
            stream.error(ex.condition() != null ? ex.condition() : StreamError.NOT_WELL_FORMED, null);
            return;
        } catch (RuntimeException ex) {
            stream.error(StreamError.NOT_WELL_FORMED, null);
            return;
        }
        if (NS.equals(e.getNamespaceURI())) {
            if ("open".equals(e.getName())) {
                opened = true;
                stream.header(e.attributeValue("to"), e.attributeValue("from"), e.attributeValue("version"),
                        e.attributeValue(QName.get("lang", Namespace.XML_NAMESPACE)));
            } else if ("close".equals(e.getName())) {
                stream.close();
            } else {
                stream.error(StreamError.UNSUPPORTED_STANZA_TYPE, null);
            }
        } else if (!opened) {
            // RFC 7395 §3.4: the first message opens the stream
            stream.error(StreamError.NOT_AUTHORIZED, "Open the stream with <open/> first");
        } else {
            stream.element(e);
        }
    }

    /** §3.4: the server's {@code <open/>} answer. */
    static Element open(String from, String id, String lang) {
        Element open = DocumentHelper.createElement(QName.get("open", NS));
        open.addAttribute("from", from);
        open.addAttribute("id", id);
        open.addAttribute("version", "1.0");
        if (lang != null) {
            open.addAttribute(QName.get("lang", Namespace.XML_NAMESPACE), lang);
        }
        return open;
    }

    /** §3.6: {@code <close/>}. */
    static Element close() {
        return DocumentHelper.createElement(QName.get("close", NS));
    }

    /** The text of one message: the element with all its namespace declarations (§3.3.3). */
    static String text(Element e) {
        return XmlWriter.toXml(e);
    }

    static byte[] bytes(Element e) {
        return text(e).getBytes(StandardCharsets.UTF_8);
    }
}
