package parlance.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.xml.Recorder.utf8;

import java.util.List;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.StreamError;

/** An idle parser lets go of its reader between stanzas and resumes as if nothing had happened. */
class HibernateTest {
    private static final String STREAM = XmppStreamParserTest.STREAM;

    @Test
    void hibernatingWheneverPossibleChangesNoEvent() throws Exception {
        byte[] bytes = utf8(STREAM);
        List<String> expected = Recorder.parse(STREAM, 65536).events;
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 65536);
        int hibernations = 0;
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
            if (parser.hibernate()) {
                hibernations++;
                assertTrue(parser.isHibernating());
            }
        }
        assertEquals(expected, r.events);
        // after the header, after each of the 5 stanzas and on every whitespace byte between two of them
        assertTrue(hibernations >= 6, "hibernated " + hibernations + " times");
    }

    @Test
    void notInsideAStanzaNorBeforeTheHeader() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 65536);
        assertFalse(parser.hibernate(), "no stream yet");
        byte[] head = utf8(XmppStreamParserTest.HEADER + "<message><body>half");
        parser.feed(head, 0, head.length);
        assertFalse(parser.hibernate(), "inside a stanza");
        byte[] rest = utf8("</body></message>");
        parser.feed(rest, 0, rest.length);
        assertTrue(parser.hibernate());
        byte[] prefixed = utf8("<db:result from='a' to='b'>k</db:result>");
        parser.feed(prefixed, 0, prefixed.length);
        assertEquals("element <db:result xmlns:db=\"jabber:server:dialback\" from=\"a\" to=\"b\">k</db:result>",
                r.events.get(r.events.size() - 1).replace('\'', '"'), "the header's prefixes survive a resume");
    }

    /** The stanza size cap counts stream bytes, not the resumed reader's own offsets. */
    @Test
    void theSizeCapStillHoldsAfterAResume() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 200);
        byte[] head = utf8(XmppStreamParserTest.HEADER + "<presence/>");
        parser.feed(head, 0, head.length);
        assertTrue(parser.hibernate());
        byte[] fits = utf8("<message><body>" + "a".repeat(150) + "</body></message>");
        parser.feed(fits, 0, fits.length);
        assertTrue(parser.hibernate());
        byte[] big = utf8("<message><body>" + "a".repeat(300) + "</body></message>");
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> parser.feed(big, 0, big.length));
        assertEquals(StreamError.POLICY_VIOLATION, e.condition());
        assertEquals(2 + 1, r.events.size(), r.events.toString());
    }

    @Test
    void aStreamRestartAfterHibernationStartsClean() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 65536);
        byte[] head = utf8(XmppStreamParserTest.HEADER);
        parser.feed(head, 0, head.length);
        assertTrue(parser.hibernate());
        parser.reset();
        assertFalse(parser.isHibernating());
        byte[] again = utf8(XmppStreamParserTest.STREAM);
        parser.feed(again, 0, again.length);
        assertEquals(1 + 1 + 5 + 1, r.events.size(), r.events.toString());
    }
}
