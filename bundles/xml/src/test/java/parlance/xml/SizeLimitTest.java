package parlance.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.xml.Recorder.utf8;
import static parlance.xml.XmppStreamParserTest.HEADER;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.StreamError;

/** The per-element size cap (RFC 6120 §13.12 resource exhaustion): policy-violation, refused early. */
class SizeLimitTest {
    private static final int CAP = 64 * 1024;

    @Test
    void tenMegabyteStanzaIsRefusedSoonAfterTheCap() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, CAP);
        byte[] start = utf8(HEADER + "<message to='a@b'><body>");
        parser.feed(start, 0, start.length);
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        long fed = 0;
        XmlStreamException refused = null;
        while (fed < 10L * 1024 * 1024) {
            try {
                parser.feed(chunk, 0, chunk.length);
            } catch (XmlStreamException e) {
                refused = e;
                break;
            }
            fed += chunk.length;
        }
        assertTrue(refused != null, "10 MB were accepted");
        assertEquals(StreamError.POLICY_VIOLATION, refused.condition());
        assertTrue(fed <= CAP + chunk.length, "refused only after " + fed + " bytes");
        assertTrue(fed >= CAP - chunk.length - start.length, "refused too early, after " + fed + " bytes");
        assertTrue(r.elements.isEmpty());
    }

    @Test
    void nestingAtTheLimitIsAcceptedOneDeeperIsRefused() throws Exception {
        int inner = XmppStreamParser.MAX_DEPTH - 1; // <message> is level 1
        Recorder r = new Recorder();
        byte[] ok = utf8(HEADER + "<message>" + "<a>".repeat(inner) + "</a>".repeat(inner) + "</message>");
        new XmppStreamParser(r, CAP).feed(ok, 0, ok.length);
        assertEquals(1, r.elements.size());

        byte[] deep = utf8(HEADER + "<message>" + "<a>".repeat(inner + 1) + "</a>".repeat(inner + 1) + "</message>");
        XmlStreamException e = assertThrows(XmlStreamException.class,
                () -> new XmppStreamParser(new Recorder(), CAP).feed(deep, 0, deep.length));
        assertEquals(StreamError.POLICY_VIOLATION, e.condition());

        byte[] bomb = utf8(HEADER + "<message>" + "<a>".repeat(20_000));
        e = assertThrows(XmlStreamException.class,
                () -> new XmppStreamParser(new Recorder(), CAP).feed(bomb, 0, bomb.length));
        assertEquals(StreamError.POLICY_VIOLATION, e.condition());
    }

    @Test
    void oneHugeFeedIsRefusedToo() {
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');
        byte[] start = utf8(HEADER + "<message><body>");
        System.arraycopy(start, 0, huge, 0, start.length);
        XmlStreamException e = assertThrows(XmlStreamException.class,
                () -> new XmppStreamParser(new Recorder(), CAP).feed(huge, 0, huge.length));
        assertEquals(StreamError.POLICY_VIOLATION, e.condition());
    }

    @Test
    void unterminatedStartTagIsRefused() throws Exception {
        XmppStreamParser parser = new XmppStreamParser(new Recorder(), CAP);
        byte[] start = utf8(HEADER + "<message to='");
        parser.feed(start, 0, start.length);
        byte[] chunk = new byte[4096];
        Arrays.fill(chunk, (byte) 'x');
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                parser.feed(chunk, 0, chunk.length);
            }
        });
        assertEquals(StreamError.POLICY_VIOLATION, e.condition());
    }

    @Test
    void elementOfExactlyTheCapIsAcceptedAndOneByteMoreIsNot() throws Exception {
        String open = "<message><body>";
        String close = "</body></message>";
        int cap = 1000;
        String fits = open + "a".repeat(cap - open.length() - close.length()) + close;
        assertEquals(cap, fits.length());
        assertEquals(2, Recorder.parse(HEADER + fits + fits, cap).elements.size());
        String tooBig = open + "a".repeat(cap + 1 - open.length() - close.length()) + close;
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> Recorder.parse(HEADER + tooBig, cap));
        assertEquals(StreamError.POLICY_VIOLATION, e.condition());
        // and byte by byte
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, cap);
        byte[] bytes = utf8(HEADER + fits + tooBig);
        XmlStreamException e2 = assertThrows(XmlStreamException.class, () -> {
            for (int i = 0; i < bytes.length; i++) {
                parser.feed(bytes, i, 1);
            }
        });
        assertEquals(StreamError.POLICY_VIOLATION, e2.condition());
        assertEquals(1, r.elements.size());
    }
}
