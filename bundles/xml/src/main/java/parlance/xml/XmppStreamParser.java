package parlance.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamException;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;
import parlance.xml.internal.ElementBuilder;
import parlance.xml.internal.PrologScanner;
import parlance.xml.internal.Readers;
import parlance.xml.internal.Restrictions;

/**
 * Incremental parser of one XMPP stream (RFC 6120 §4): bytes in, in any split, and out come the stream header,
 * each complete first-level child as a detached dom4j element, and the stream close. Non-blocking (Aalto's async
 * byte feeder), UTF-8 only (§11.6), restricted XML (§11.1: no DTD, comment, processing instruction or entity
 * reference beyond the five predefined ones).
 *
 * <p>Size cap: bytes are counted from the end of the previous first-level unit (stream header, element, or
 * whitespace between elements) while the next one is still incomplete; more than {@code maxStanzaBytes} fails the
 * stream with {@code policy-violation} within at most {@value #SLICE} bytes past the cap, before the rest is
 * buffered. Nesting cap: a stanza whose elements nest deeper than {@value #MAX_DEPTH} levels fails the stream with
 * {@code policy-violation} too (§13.12): the tree is built iteratively here, but copying and serialising it is
 * recursive, and 20,000 levels overflowed a thread stack on the way to the addressee.
 * One per connection; not thread-safe. After an exception the parser stays failed until {@link #reset()}.
 */
public final class XmppStreamParser {
    /** Input is handed to Aalto in slices of at most this many bytes, so the cap is checked that often. */
    static final int SLICE = 8192;

    /** Deepest element nesting accepted inside one first-level element (the element itself is level 1). */
    public static final int MAX_DEPTH = 128;

    private final XmppStreamListener listener;
    private final int maxStanzaBytes;
    private AsyncXMLInputFactory factory = Readers.newFactory();
    private final ElementBuilder builder = new ElementBuilder();
    /** The open stream's namespace declarations as a start tag, to resume a hibernated parser; null before. */
    private byte[] resumeTag;
    /** Stream offset minus the reader's own offset (non-zero after a resume fed the reader {@link #resumeTag}). */
    private long shift;
    private final PrologScanner prolog = new PrologScanner();
    private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private long fed;
    private long boundary;
    private int depth;
    private int generation;
    private boolean closed;
    private XmlStreamException failure;

    public XmppStreamParser(XmppStreamListener listener, int maxStanzaBytes) {
        if (maxStanzaBytes <= 0) {
            throw new IllegalArgumentException("maxStanzaBytes must be positive: " + maxStanzaBytes);
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxStanzaBytes = maxStanzaBytes;
        this.reader = Readers.newReader(factory);
    }

    /**
     * Parses more bytes of the stream; calls the listener 0..n times. When a callback calls {@link #reset()} (a
     * stream restart after STARTTLS or SASL success), the bytes that follow the current element in this call go to
     * the new stream.
     */
    public void feed(byte[] data, int offset, int length) throws XmlStreamException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (failure != null) {
            throw new XmlStreamException(failure.condition(), "stream already failed: " + failure.getMessage());
        }
        int pos = offset;
        int end = offset + length;
        try {
            while (pos < end && !closed) {
                int n = Math.min(SLICE, end - pos);
                if (!prolog.done()) {
                    int skip = prolog.scan(data, pos, n);
                    if (skip > 0) {
                        pos += skip;
                        continue;
                    }
                }
                if (reader == null) {
                    wake();
                }
                long sliceStart = fed;
                reader.getInputFeeder().feedInput(data, pos, n);
                fed += n;
                long restartAt = drain(pos);
                if (restartAt >= 0) {
                    pos += (int) Math.max(0, Math.min(n, restartAt - sliceStart));
                    continue;
                }
                pos += n;
                if (!closed) {
                    checkCap(fed);
                }
            }
        } catch (XMLStreamException e) {
            throw fail(Restrictions.map(e));
        } catch (XmlStreamException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            fail(new XmlStreamException(StreamError.INTERNAL_SERVER_ERROR, String.valueOf(e), e));
            throw e;
        }
    }

    /**
     * Starts over for a new stream on the same connection (RFC 6120 §5.4.3.3 after STARTTLS, §6.4.6 after SASL
     * success): a fresh Aalto reader, no header seen, no failure. May be called from a listener callback.
     */
    public void reset() {
        if (factory == null) {
            factory = Readers.newFactory();
        }
        reader = Readers.newReader(factory);
        resumeTag = null;
        shift = 0;
        builder.clear();
        prolog.reset();
        fed = 0;
        boundary = 0;
        depth = 0;
        closed = false;
        failure = null;
        generation++;
    }

    /**
     * Lets go of the XML reader, its symbol tables and buffers while the stream is idle between two stanzas (like
     * ejabberd's hibernation of idle sessions): a few kilobytes per connection. The next {@link #feed} resumes with a
     * fresh reader primed with the stream's namespace declarations, so nothing changes for the stream. Possible only
     * at a stanza boundary with no pending input; returns whether the parser is now hibernating.
     */
    public boolean hibernate() {
        if (reader == null) {
            return true;
        }
        if (depth != 1 || closed || failure != null || resumeTag == null || boundary != fed || !prolog.done()) {
            return false;
        }
        reader = null;
        factory = null;
        builder.release();
        return true;
    }

    /** True while hibernating (see {@link #hibernate}). */
    public boolean isHibernating() {
        return reader == null;
    }

    private void wake() throws XMLStreamException, XmlStreamException {
        factory = Readers.newFactory();
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = Readers.newReader(factory);
        r.getInputFeeder().feedInput(resumeTag, 0, resumeTag.length);
        int event;
        while ((event = r.next()) != AsyncXMLStreamReader.START_ELEMENT) {
            if (event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                throw new XmlStreamException(StreamError.INTERNAL_SERVER_ERROR, "cannot resume the stream parser");
            }
        }
        shift = fed - Readers.endOffset(r, 0);
        reader = r;
    }

    /** The stream offset just past the reader's current event. */
    private long endOffset(AsyncXMLStreamReader<?> r, int arrayOffset) throws XMLStreamException {
        return Readers.endOffset(r, arrayOffset) + shift;
    }

    /** The header's start tag reduced to its name and namespace declarations (to resume after hibernation). */
    private static byte[] resumeTag(AsyncXMLStreamReader<?> r) {
        org.dom4j.Element tag = org.dom4j.DocumentHelper.createElement(org.dom4j.QName.get(r.getLocalName(),
                r.getPrefix() == null ? "" : r.getPrefix(), r.getNamespaceURI()));
        String own = r.getPrefix() == null ? "" : r.getPrefix();
        for (int i = 0, n = r.getNamespaceCount(); i < n; i++) {
            String prefix = r.getNamespacePrefix(i) == null ? "" : r.getNamespacePrefix(i);
            if (!prefix.equals(own)) { // the element's own prefix is declared by the writer
                tag.add(org.dom4j.Namespace.get(prefix, r.getNamespaceURI(i)));
            }
        }
        String xml = tag.asXML();
        // an empty element, "<stream:stream ...></stream:stream>" or "<stream:stream .../>": keep only the start tag
        String end = "</" + tag.getQualifiedName() + ">";
        String start = xml.endsWith(end) ? xml.substring(0, xml.length() - end.length())
                : xml.substring(0, xml.length() - 2) + ">";
        return start.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Runs the reader until it needs more input. Returns -1, or, when a callback reset the parser, the offset in
     * the old stream just past the event whose callback did so.
     */
    private long drain(int arrayOffset) throws XMLStreamException, XmlStreamException {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = reader;
        int gen = generation;
        int event;
        while ((event = r.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            long eventEnd = -1;
            switch (event) {
                case AsyncXMLStreamReader.START_DOCUMENT:
                    Restrictions.checkEncoding(r);
                    break;
                case AsyncXMLStreamReader.START_ELEMENT:
                    if (depth == 0) {
                        StreamHeader header = header(r);
                        resumeTag = resumeTag(r);
                        depth = 1;
                        eventEnd = boundary = endOffset(r, arrayOffset);
                        listener.streamOpened(header);
                    } else {
                        if (depth > MAX_DEPTH) {
                            throw new XmlStreamException(StreamError.POLICY_VIOLATION,
                                    "elements nested deeper than " + MAX_DEPTH + " levels");
                        }
                        builder.start(r);
                        depth++;
                    }
                    break;
                case AsyncXMLStreamReader.END_ELEMENT:
                    eventEnd = endOffset(r, arrayOffset);
                    if (--depth == 0) {
                        closed = true;
                        listener.streamClosed();
                    } else {
                        org.dom4j.Element element = builder.end();
                        if (depth == 1) {
                            checkCap(eventEnd);
                            boundary = eventEnd;
                            listener.element(element);
                        }
                    }
                    break;
                case AsyncXMLStreamReader.CHARACTERS:
                case AsyncXMLStreamReader.CDATA:
                case AsyncXMLStreamReader.SPACE:
                    if (depth >= 2) {
                        builder.text(r);
                    } else if (depth == 1) {
                        if (!Restrictions.isWhitespace(r)) {
                            throw new XmlStreamException(StreamError.BAD_FORMAT,
                                    "text is not allowed between stream elements (RFC 6120 §4.3)");
                        }
                        boundary = endOffset(r, arrayOffset);
                    }
                    break;
                case AsyncXMLStreamReader.END_DOCUMENT:
                    closed = true;
                    break;
                default:
                    Restrictions.check(event, r);
            }
            if (generation != gen) {
                return eventEnd;
            }
            if (closed) {
                break;
            }
        }
        return -1;
    }

    private StreamHeader header(AsyncXMLStreamReader<?> r) throws XmlStreamException {
        if (!Namespaces.STREAMS.equals(r.getNamespaceURI())) {
            throw new XmlStreamException(StreamError.INVALID_NAMESPACE, "stream header namespace must be "
                    + Namespaces.STREAMS + ", not " + r.getNamespaceURI() + " (RFC 6120 §4.8.1)");
        }
        if (!"stream".equals(r.getLocalName())) {
            throw new XmlStreamException(StreamError.BAD_FORMAT,
                    "expected a stream header, got <" + r.getLocalName() + "> (RFC 6120 §4.7)");
        }
        String to = null;
        String from = null;
        String id = null;
        String version = null;
        String lang = null;
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String ns = r.getAttributeNamespace(i);
            String name = r.getAttributeLocalName(i);
            String value = r.getAttributeValue(i);
            if (ns == null || ns.isEmpty()) {
                switch (name) {
                    case "to": to = value; break;
                    case "from": from = value; break;
                    case "id": id = value; break;
                    case "version": version = value; break;
                    default:
                }
            } else if (XMLConstants.XML_NS_URI.equals(ns) && "lang".equals(name)) {
                lang = value;
            }
        }
        String defaultNamespace = null;
        for (int i = 0, n = r.getNamespaceCount(); i < n; i++) {
            String prefix = r.getNamespacePrefix(i);
            if (prefix == null || prefix.isEmpty()) {
                defaultNamespace = r.getNamespaceURI(i);
            }
        }
        String prefix = r.getPrefix();
        return new StreamHeader(to, from, id, version, lang, defaultNamespace, prefix == null ? "" : prefix);
    }

    private void checkCap(long position) throws XmlStreamException {
        if (position - boundary > maxStanzaBytes) {
            throw new XmlStreamException(StreamError.POLICY_VIOLATION, (depth >= 2 ? "element" : "pending XML")
                    + " exceeds the limit of " + maxStanzaBytes + " bytes");
        }
    }

    private XmlStreamException fail(XmlStreamException e) {
        failure = e;
        builder.clear();
        return e;
    }
}
