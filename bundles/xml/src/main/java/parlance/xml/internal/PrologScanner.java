package parlance.xml.internal;

import parlance.api.stanza.StreamError;
import parlance.xml.XmlStreamException;

/**
 * Looks at the bytes before the first start tag, which Aalto would otherwise parse on its own terms: any
 * {@code <!} there is a DTD or a comment, both restricted XML (RFC 6120 §11.1) and refused before a single entity
 * declaration is read (so an entity bomb is never expanded); a UTF-16 byte order mark is refused as
 * {@code unsupported-encoding} (§11.6), and a UTF-8 byte order mark, which Aalto's async parser does not accept, is
 * skipped. Stops at the first start tag; costs nothing afterwards.
 */
public final class PrologScanner {
    private static final int TEXT = 0;
    private static final int LESS_THAN = 1;
    private static final int DONE = 2;

    private static final int[] BOM = {0xEF, 0xBB, 0xBF};

    private int state;
    private int seen;
    private int bom;

    public boolean done() {
        return state == DONE;
    }

    public void reset() {
        state = TEXT;
        seen = 0;
        bom = 0;
    }

    /** Scans a slice; returns how many of its first bytes belong to a UTF-8 byte order mark (to skip). */
    public int scan(byte[] data, int offset, int length) throws XmlStreamException {
        int skip = 0;
        for (int i = offset, end = offset + length; i < end && state != DONE; i++, seen++) {
            int b = data[i] & 0xFF;
            if (seen == 0 && (b == 0xFE || b == 0xFF || b == 0x00)) {
                throw new XmlStreamException(StreamError.UNSUPPORTED_ENCODING,
                        "only UTF-8 is supported (RFC 6120 §11.6)");
            }
            if (seen < 3 && skip == i - offset && b == BOM[seen] && (seen == 0 || bom == seen)) {
                bom++;
                skip++;
                continue;
            }
            if (skip > 0) {
                return skip; // the caller feeds the rest again
            }
            if (state == LESS_THAN) {
                if (b == '!') {
                    throw Restrictions.restricted("a DTD or comment is not allowed (RFC 6120 §11.1)");
                }
                state = b == '?' ? TEXT : DONE;
            } else if (b == '<') {
                state = LESS_THAN;
            }
        }
        return skip;
    }
}
