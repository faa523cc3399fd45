package parlance.xml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.dom4j.Element;
import parlance.api.stanza.Namespaces;
import parlance.xml.internal.ElementSerializer;
import parlance.xml.internal.Utf8Buffer;

/**
 * Serialises elements as UTF-8 XML (RFC 6120 §11.6) for an XMPP stream or for storage. Attribute values are quoted
 * with {@code '} and escape {@code & < > " '}; text escapes {@code & < >}. Namespace declarations appear exactly
 * where needed: for a stream, none on a top element in the stream's default namespace, and the {@code stream}
 * prefix counts as bound (our {@link #streamOpen} declares it). A top element without a namespace is written
 * unqualified, so on a stream it takes the stream's namespace (as do its children without a namespace). Comments
 * and processing instructions are never written (RFC 6120 §11.1).
 */
public final class XmlWriter {
    private static final byte[] STREAM_CLOSE = "</stream:stream>".getBytes(StandardCharsets.US_ASCII);

    private XmlWriter() {
    }

    /** The element as bytes for a stream whose default namespace is {@code streamNamespace} (e.g. jabber:client). */
    public static byte[] toBytes(Element element, String streamNamespace) {
        return serialize(element, streamNamespace).toByteArray();
    }

    /** Writes the element for a stream whose default namespace is {@code streamNamespace}. */
    public static void write(Element element, String streamNamespace, OutputStream out) throws IOException {
        serialize(element, streamNamespace).writeTo(out);
    }

    /** The standalone form, with its own {@code xmlns} declarations (for storage; read back with XmlReader). */
    public static String toXml(Element element) {
        Utf8Buffer buffer = new Utf8Buffer(256);
        new ElementSerializer(buffer, "").write(element);
        return new String(buffer.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * A stream header (RFC 6120 §4.7) with the XML declaration:
     * {@code <?xml version='1.0'?><stream:stream xmlns='...' xmlns:stream='http://etherx.jabber.org/streams'
     * from='...' to='...' id='...' xml:lang='...' version='1.0'>}; {@code null} values are left out.
     */
    public static byte[] streamOpen(String defaultNamespace, String from, String to, String id, String lang) {
        Utf8Buffer b = new Utf8Buffer(256);
        b.raw("<?xml version='1.0'?><stream:stream");
        attribute(b, "xmlns", defaultNamespace);
        attribute(b, "xmlns:stream", Namespaces.STREAMS);
        attribute(b, "from", from);
        attribute(b, "to", to);
        attribute(b, "id", id);
        attribute(b, "xml:lang", lang);
        attribute(b, "version", "1.0");
        return b.ascii('>').toByteArray();
    }

    /** The stream close tag (RFC 6120 §4.4). */
    public static byte[] streamClose() {
        return STREAM_CLOSE.clone();
    }

    private static Utf8Buffer serialize(Element element, String streamNamespace) {
        Utf8Buffer buffer = new Utf8Buffer(256);
        String ns = streamNamespace == null ? "" : streamNamespace;
        boolean unqualifiedTop = element.getNamespaceURI().isEmpty() && element.getNamespacePrefix().isEmpty();
        ElementSerializer serializer = new ElementSerializer(buffer, unqualifiedTop ? "" : ns);
        serializer.bind("stream", Namespaces.STREAMS);
        serializer.write(element);
        return buffer;
    }

    /**
     * One attribute as bytes, {@code  name='value'} with the leading space and the value escaped; for splicing the
     * per-recipient {@code to} into a stanza serialised once for many recipients.
     */
    public static byte[] attribute(String name, String value) {
        Utf8Buffer b = new Utf8Buffer(16 + name.length() + value.length());
        attribute(b, name, value);
        return b.toByteArray();
    }

    private static void attribute(Utf8Buffer b, String name, String value) {
        if (value != null) {
            b.ascii(' ').raw(name).ascii('=').ascii('\'').attribute(value).ascii('\'');
        }
    }
}
