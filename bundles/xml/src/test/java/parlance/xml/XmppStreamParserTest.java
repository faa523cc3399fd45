package parlance.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.xml.Recorder.utf8;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.StreamError;

/** RFC 6120 §4 stream framing: header, first-level elements, close, in any split of the bytes. */
class XmppStreamParserTest {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
            + "to='example.com' from='juliet@example.com' version='1.0' xml:lang='en'>";
    static final String STANZAS = "<message to='romeo@example.net' xml:lang='fr' type='chat'>"
            + "<body>Bonjour &amp; &lt;salut&gt; &#x263A; \u00e9\u4e2d\ud83d\ude00</body>"
            + "<x:data xmlns:x='urn:example:x' x:key='v&apos;1'><x:item>1</x:item><plain xmlns=''/></x:data>"
            + "</message>  \n\t <iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>"
            + "<presence/><db:result to='a' from='b'>key</db:result>"
            + "<message><body><![CDATA[<not markup> & stuff]]></body></message>";
    static final String STREAM = HEADER + STANZAS + "</stream:stream>";

    @Test
    void streamSplitAtEveryBytePositionYieldsTheSameEvents() throws Exception {
        byte[] bytes = utf8(STREAM);
        List<String> expected = Recorder.parse(STREAM, 65536).events;
        assertEquals(1 + 5 + 1, expected.size(), expected.toString());
        for (int split = 0; split <= bytes.length; split++) {
            Recorder r = new Recorder();
            XmppStreamParser parser = new XmppStreamParser(r, 65536);
            parser.feed(bytes, 0, split);
            parser.feed(bytes, split, bytes.length - split);
            assertEquals(expected, r.events, "split at " + split);
        }
        Recorder oneByOne = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(oneByOne, 65536);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }
        assertEquals(expected, oneByOne.events);
    }

    /** A stanza ending exactly at the end of a read must come out at once, not wait for the next bytes. */
    @Test
    void eachElementIsDeliveredAsSoonAsItsEndTagArrives() throws Exception {
        String[] stanzas = {"<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>", "<a/>", "<b></b>",
            "<db:result to='x'>k</db:result>", "<message><body>hi</body></message>", "<r>t</r>"};
        StringBuilder stream = new StringBuilder(HEADER);
        for (int k = 0; k < stanzas.length; k++) {
            stream.append(stanzas[k]);
            Recorder r = Recorder.parse(stream.toString(), 4096);
            assertEquals(k + 1, r.elements.size(), "after " + stanzas[k]);
        }
    }

    @Test
    void headerValuesAreReported() throws Exception {
        StreamHeader h = Recorder.parse(HEADER, 4096).headers.get(0);
        assertEquals("example.com", h.to());
        assertEquals("juliet@example.com", h.from());
        assertNull(h.id());
        assertEquals("1.0", h.version());
        assertEquals("en", h.lang());
        assertEquals("jabber:client", h.defaultNamespace());
        assertEquals("stream", h.streamPrefix());
    }

    @Test
    void namespacesAndXmlLangComeOutRight() throws Exception {
        List<Element> elements = Recorder.parse(STREAM, 65536).elements;
        Element message = elements.get(0);
        assertNull(message.getParent());
        assertNull(message.getDocument());
        assertEquals(QName.get("message", "jabber:client"), message.getQName());
        assertEquals("fr", XmlLang.of(message));
        assertEquals("fr", message.attributeValue(XmlLang.QNAME));
        assertEquals("jabber:client", message.element("body").getNamespaceURI());
        assertEquals("Bonjour & <salut> \u263a \u00e9\u4e2d\ud83d\ude00", message.element("body").getText());
        Element data = message.element(QName.get("data", "urn:example:x"));
        assertEquals("x", data.getNamespacePrefix());
        assertEquals("v'1", data.attributeValue(QName.get("key", Namespace.get("x", "urn:example:x"))));
        assertEquals("urn:example:x", data.element(QName.get("item", "urn:example:x")).getNamespaceURI());
        assertEquals("", data.element("plain").getNamespaceURI());
        assertEquals("urn:xmpp:ping", elements.get(1).element("ping").getNamespaceURI());
        Element result = elements.get(3);
        assertEquals(QName.get("result", "jabber:server:dialback"), result.getQName());
        assertTrue(XmlWriter.toXml(result).contains("xmlns:db='jabber:server:dialback'"), XmlWriter.toXml(result));
        assertEquals("<not markup> & stuff", elements.get(4).element("body").getText());
    }

    @Test
    void whitespaceKeepalivesBetweenStanzasAreFine() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 200);
        byte[] header = utf8(HEADER);
        parser.feed(header, 0, header.length);
        byte[] space = {' '};
        for (int i = 0; i < 1000; i++) {
            parser.feed(space, 0, 1);
        }
        byte[] ping = utf8("<iq type='get' id='1'/>\n");
        parser.feed(ping, 0, ping.length);
        assertEquals(1, r.elements.size());
    }

    @Test
    void closingTagIsReported() throws Exception {
        Recorder r = Recorder.parse(STREAM, 65536);
        assertEquals(1, r.closed);
        assertEquals("close", r.events.get(r.events.size() - 1));
    }

    @Test
    void headerInAnotherNamespaceIsInvalidNamespace() {
        assertEquals(StreamError.INVALID_NAMESPACE,
                Recorder.failure("<stream:stream xmlns:stream='urn:wrong' xmlns='jabber:client'>").condition());
        assertEquals(StreamError.INVALID_NAMESPACE,
                Recorder.failure("<stream xmlns='jabber:client'>").condition());
    }

    @Test
    void malformedXmlIsNotWellFormed() {
        assertEquals(StreamError.NOT_WELL_FORMED,
                Recorder.failure(HEADER + "<message><body></message>").condition());
        assertEquals(StreamError.NOT_WELL_FORMED, Recorder.failure(HEADER + "<message a='1' a='2'/>").condition());
        assertEquals(StreamError.NOT_WELL_FORMED, Recorder.failure(HEADER + "<message><x:y/></message>").condition());
        assertEquals(StreamError.NOT_WELL_FORMED, Recorder.failure(HEADER + "<message a=1/>").condition());
        assertEquals(StreamError.NOT_WELL_FORMED, Recorder.failure(HEADER + "<message>&amp</message>").condition());
    }

    @Test
    void invalidUtf8IsNotWellFormed() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 65536);
        byte[] header = utf8(HEADER + "<message><body>");
        parser.feed(header, 0, header.length);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, '<', '/', 'b'};
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> parser.feed(bad, 0, bad.length));
        assertEquals(StreamError.NOT_WELL_FORMED, e.condition());
    }

    @Test
    void otherEncodingsAreUnsupported() {
        assertEquals(StreamError.UNSUPPORTED_ENCODING, Recorder.failure(
                "<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER.substring(21)).condition());
        byte[] utf16 = {(byte) 0xFE, (byte) 0xFF, 0, '<'};
        XmlStreamException e = assertThrows(XmlStreamException.class,
                () -> new XmppStreamParser(new Recorder(), 100).feed(utf16, 0, utf16.length));
        assertEquals(StreamError.UNSUPPORTED_ENCODING, e.condition());
    }

    @Test
    void utf8ByteOrderMarkIsAccepted() throws Exception {
        assertEquals(1, Recorder.parse("\uFEFF" + HEADER, 4096).headers.size());
        byte[] bytes = utf8("\uFEFF" + HEADER + "<presence/>");
        for (int split = 0; split < 5; split++) {
            Recorder r = new Recorder();
            XmppStreamParser parser = new XmppStreamParser(r, 4096);
            parser.feed(bytes, 0, split);
            parser.feed(bytes, split, bytes.length - split);
            assertEquals(1, r.elements.size());
        }
    }

    @Test
    void textBetweenStanzasIsBadFormat() {
        assertEquals(StreamError.BAD_FORMAT, Recorder.failure(HEADER + "hello<presence/>").condition());
    }

    @Test
    void afterAnErrorTheParserStaysFailed() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 65536);
        byte[] bad = utf8(HEADER + "<a></b><presence/>");
        assertThrows(XmlStreamException.class, () -> parser.feed(bad, 0, bad.length));
        byte[] good = utf8("<presence/>");
        XmlStreamException again = assertThrows(XmlStreamException.class, () -> parser.feed(good, 0, good.length));
        assertEquals(StreamError.NOT_WELL_FORMED, again.condition());
        assertTrue(r.elements.isEmpty());
    }
}
