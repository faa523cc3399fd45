package parlance.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static parlance.xml.Recorder.utf8;
import static parlance.xml.XmppStreamParserTest.HEADER;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/** Stream restarts on one connection (RFC 6120 §5.4.3.3 after STARTTLS, §6.4.6 after SASL success). */
class ResetTest {
    @Test
    void resetStartsANewStreamWithItsOwnHeader() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 4096);
        byte[] first = utf8(HEADER + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        parser.feed(first, 0, first.length);
        parser.reset();
        byte[] second = utf8(HEADER.replace("example.com'", "example.org'") + "<presence/>");
        parser.feed(second, 0, second.length);
        assertEquals(2, r.headers.size());
        assertEquals("example.org", r.headers.get(1).to());
        assertEquals(2, r.elements.size());
        assertEquals("presence", r.elements.get(1).getName());
    }

    @Test
    void resetHalfwayThroughAnElementForgetsIt() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 4096);
        byte[] first = utf8(HEADER + "<message><body>half");
        parser.feed(first, 0, first.length);
        parser.reset();
        byte[] second = utf8(HEADER + "<iq type='get' id='1'/>");
        parser.feed(second, 0, second.length);
        assertEquals(1, r.elements.size());
        assertEquals("iq", r.elements.get(0).getName());
    }

    @Test
    void resetInsideACallbackHandsTheRestOfTheBytesToTheNewStream() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser[] holder = new XmppStreamParser[1];
        XmppStreamListener restarting = new XmppStreamListener() {
            @Override
            public void streamOpened(StreamHeader header) {
                r.streamOpened(header);
            }

            @Override
            public void element(Element element) {
                r.element(element);
                if ("auth".equals(element.getName())) {
                    holder[0].reset();
                }
            }

            @Override
            public void streamClosed() {
                r.streamClosed();
            }
        };
        holder[0] = new XmppStreamParser(restarting, 4096);
        String pipelined = HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldAByMG0zMG15cjBtMzA=</auth>"
                + HEADER.replace("juliet@", "romeo@") + "<iq type='set' id='b'/>";
        byte[] bytes = utf8(pipelined);
        for (int split = 0; split <= bytes.length; split += 13) {
            r.events.clear();
            r.elements.clear();
            r.headers.clear();
            holder[0].reset();
            holder[0].feed(bytes, 0, split);
            holder[0].feed(bytes, split, bytes.length - split);
            assertEquals(2, r.headers.size(), "split " + split + ": " + r.events);
            assertEquals("romeo@example.com", r.headers.get(1).from());
            assertEquals("iq", r.elements.get(1).getName(), "split " + split);
        }
    }
}
