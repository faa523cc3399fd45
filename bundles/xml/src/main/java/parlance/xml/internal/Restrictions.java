package parlance.xml.internal;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import parlance.api.stanza.StreamError;
import parlance.xml.XmlStreamException;

/**
 * Restricted XML (RFC 6120 §11.1) and encoding (§11.6) checks on StAX events, and the mapping of parser errors to
 * stream error conditions.
 */
public final class Restrictions {
    private Restrictions() {
    }

    /** Throws {@code restricted-xml} for a comment, processing instruction, DTD or entity reference event. */
    public static void check(int event, XMLStreamReader reader) throws XmlStreamException {
        switch (event) {
            case XMLStreamConstants.COMMENT:
                throw restricted("comments are not allowed (RFC 6120 §11.1)");
            case XMLStreamConstants.PROCESSING_INSTRUCTION:
                throw restricted("processing instructions are not allowed (RFC 6120 §11.1)");
            case XMLStreamConstants.DTD:
            case XMLStreamConstants.ENTITY_DECLARATION:
            case XMLStreamConstants.NOTATION_DECLARATION:
                throw restricted("a DTD is not allowed (RFC 6120 §11.1)");
            case XMLStreamConstants.ENTITY_REFERENCE:
                throw restricted("entity reference &" + reader.getLocalName() + "; is not allowed (RFC 6120 §11.1)");
            default:
        }
    }

    /** For the XML declaration (START_DOCUMENT): only UTF-8 is allowed (RFC 6120 §11.6). */
    public static void checkEncoding(XMLStreamReader reader) throws XmlStreamException {
        String declared = reader.getCharacterEncodingScheme();
        if (declared != null && !"UTF-8".equalsIgnoreCase(declared) && !"UTF8".equalsIgnoreCase(declared)) {
            throw new XmlStreamException(StreamError.UNSUPPORTED_ENCODING,
                    "encoding " + declared + " is not supported; use UTF-8 (RFC 6120 §11.6)");
        }
    }

    /**
     * Maps a parser error: unexpanded or undeclared entities and misplaced processing instructions are
     * {@code restricted-xml}; everything else is {@code not-well-formed}.
     */
    public static XmlStreamException map(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("entity_reference") || lower.contains("undeclared") || lower.contains("processing instruction")) {
            return new XmlStreamException(StreamError.RESTRICTED_XML, firstLine(message), e);
        }
        return new XmlStreamException(StreamError.NOT_WELL_FORMED, firstLine(message), e);
    }

    /** True when every character of the current text event is XML whitespace. */
    public static boolean isWhitespace(XMLStreamReader reader) {
        char[] chars = reader.getTextCharacters();
        for (int i = reader.getTextStart(), end = i + reader.getTextLength(); i < end; i++) {
            char c = chars[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    static XmlStreamException restricted(String message) {
        return new XmlStreamException(StreamError.RESTRICTED_XML, message);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
