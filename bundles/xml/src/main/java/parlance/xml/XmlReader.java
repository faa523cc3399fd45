package parlance.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamException;
import org.dom4j.Element;
import parlance.api.stanza.StreamError;
import parlance.xml.internal.ElementBuilder;
import parlance.xml.internal.PrologScanner;
import parlance.xml.internal.Readers;
import parlance.xml.internal.Restrictions;

/**
 * Parses one stored XML element (as written by {@link XmlWriter#toXml}) with the same restrictions as a stream
 * (RFC 6120 §11.1: no DTD, comment, processing instruction or non-predefined entity reference).
 */
public final class XmlReader {
    private XmlReader() {
    }

    /** The root element, detached. */
    public static Element parse(String xml) throws XmlStreamException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        int skip = new PrologScanner().scan(bytes, 0, bytes.length);
        AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = Readers.newReader(Readers.newFactory());
        ElementBuilder builder = new ElementBuilder();
        Element root = null;
        int depth = 0;
        try {
            reader.getInputFeeder().feedInput(bytes, skip, bytes.length - skip);
            reader.getInputFeeder().endOfInput();
            int event;
            while ((event = reader.next()) != AsyncXMLStreamReader.END_DOCUMENT) {
                switch (event) {
                    case AsyncXMLStreamReader.EVENT_INCOMPLETE:
                        throw new XmlStreamException(StreamError.NOT_WELL_FORMED, "incomplete XML");
                    case AsyncXMLStreamReader.START_DOCUMENT:
                        Restrictions.checkEncoding(reader);
                        break;
                    case AsyncXMLStreamReader.START_ELEMENT:
                        depth++;
                        builder.start(reader);
                        break;
                    case AsyncXMLStreamReader.END_ELEMENT:
                        depth--;
                        Element done = builder.end();
                        if (depth == 0) {
                            root = done;
                        }
                        break;
                    case AsyncXMLStreamReader.CHARACTERS:
                    case AsyncXMLStreamReader.CDATA:
                    case AsyncXMLStreamReader.SPACE:
                        if (depth > 0) {
                            builder.text(reader);
                        }
                        break;
                    default:
                        Restrictions.check(event, reader);
                }
            }
        } catch (XMLStreamException e) {
            throw Restrictions.map(e);
        }
        if (root == null) {
            throw new XmlStreamException(StreamError.NOT_WELL_FORMED, "no element");
        }
        return root;
    }
}
