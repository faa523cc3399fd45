package parlance.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static parlance.xml.Recorder.utf8;
import static parlance.xml.XmppStreamParserTest.HEADER;
import static parlance.xml.XmppStreamParserTest.STREAM;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/** Serialisation for a stream (RFC 6120 §4.8 namespaces, §11 XML) and for storage. */
class XmlWriterTest {
    private static String forClient(Element e) {
        return new String(XmlWriter.toBytes(e, Namespaces.CLIENT), StandardCharsets.UTF_8);
    }

    @Test
    void parseWriteParseGivesEqualElements() throws Exception {
        List<Element> parsed = Recorder.parse(STREAM, 65536).elements;
        StringBuilder again = new StringBuilder(HEADER);
        for (Element e : parsed) {
            again.append(forClient(e));
        }
        List<Element> reparsed = Recorder.parse(again.append("</stream:stream>").toString(), 65536).elements;
        assertEquals(parsed.size(), reparsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            assertEquals(XmlWriter.toXml(parsed.get(i)), XmlWriter.toXml(reparsed.get(i)));
            assertEquals(forClient(parsed.get(i)), forClient(reparsed.get(i)));
            // storage form round trip
            assertEquals(XmlWriter.toXml(parsed.get(i)), XmlWriter.toXml(XmlReader.parse(XmlWriter.toXml(parsed.get(i)))));
        }
    }

    @Test
    void topElementInTheStreamNamespaceHasNoXmlnsAndChildrenAreDeclared() throws Exception {
        Element message = Recorder.parse(STREAM, 65536).elements.get(0);
        String xml = forClient(message);
        assertEquals("<message to='romeo@example.net' xml:lang='fr' type='chat'><body>Bonjour &amp; &lt;salut&gt; "
                + "\u263a \u00e9\u4e2d\ud83d\ude00</body><x:data xmlns:x='urn:example:x' x:key='v&apos;1'><x:item>1</x:item>"
                + "<plain xmlns=''/></x:data></message>", xml);
        assertEquals("<message xmlns='jabber:client' to='romeo@example.net'", XmlWriter.toXml(message).substring(0, 53));
        // for a server stream the same element needs its namespace
        String s2s = new String(XmlWriter.toBytes(message, Namespaces.SERVER), StandardCharsets.UTF_8);
        assertEquals("<message xmlns='jabber:client' ", s2s.substring(0, 31));
    }

    @Test
    void builtStanzasAreWrittenWithCorrectNamespaces() {
        Element error = Stanzas.errorElement(StanzaError.SERVICE_UNAVAILABLE, "a & b");
        assertEquals("<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>a &amp; b</text></error>",
                forClient(error));
        Element features = DocumentHelper.createElement(QName.get("features", "stream", Namespaces.STREAMS));
        features.addElement(QName.get("bind", Namespaces.BIND));
        assertEquals("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
                forClient(features));
        assertEquals("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
                + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>", XmlWriter.toXml(features));
    }

    @Test
    void textAndAttributesAreEscaped() throws Exception {
        Element m = DocumentHelper.createElement(QName.get("message", Namespaces.CLIENT));
        m.addAttribute("id", "a&b<c>d\"e'f\tg\nh");
        m.addElement("body").setText("1 < 2 && 3 > 2 \"q\" 'a' \r\n]]>");
        String xml = forClient(m);
        assertEquals("<message id='a&amp;b&lt;c&gt;d&quot;e&apos;f&#x9;g&#xA;h'><body>1 &lt; 2 &amp;&amp; 3 &gt; 2 "
                + "\"q\" 'a' &#xD;\n]]&gt;</body></message>", xml);
        Element back = Recorder.parse(HEADER + xml, 4096).elements.get(0);
        assertEquals(m.attributeValue("id"), back.attributeValue("id"));
        assertEquals(m.element("body").getText(), back.element("body").getText());
    }

    @Test
    void charactersXmlCannotCarryAreReplaced() throws Exception {
        Element m = DocumentHelper.createElement(QName.get("message", Namespaces.CLIENT));
        m.addElement("body").setText("a\u0000b\u001bc\ud800d");
        String xml = forClient(m);
        assertEquals("<message><body>a\ufffdb\ufffdc\ufffdd</body></message>", xml);
        assertEquals(1, Recorder.parse(HEADER + xml, 4096).elements.size());
    }

    @Test
    void elementWithoutNamespaceTakesTheStreamNamespace() {
        Element iq = DocumentHelper.createElement("iq");
        iq.addElement("error");
        iq.addElement(QName.get("query", "jabber:iq:version")).addElement("name");
        assertEquals("<iq><error/><query xmlns='jabber:iq:version'><name/></query></iq>", forClient(iq));
    }

    @Test
    void writeToAStreamMatchesToBytes() throws Exception {
        Element presence = DocumentHelper.createElement(QName.get("presence", Namespaces.CLIENT));
        presence.addElement("show").setText("away");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XmlWriter.write(presence, Namespaces.CLIENT, out);
        assertArrayEquals(XmlWriter.toBytes(presence, Namespaces.CLIENT), out.toByteArray());
        assertEquals("<presence><show>away</show></presence>", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void streamOpenAndCloseHaveTheRfcForm() throws Exception {
        byte[] open = XmlWriter.streamOpen(Namespaces.CLIENT, "example.com", "juliet@example.com", "id'<&", "en");
        assertEquals("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' to='juliet@example.com' "
                + "id='id&apos;&lt;&amp;' xml:lang='en' version='1.0'>", new String(open, StandardCharsets.UTF_8));
        assertEquals("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>",
                new String(XmlWriter.streamOpen(Namespaces.CLIENT, null, null, null, null), StandardCharsets.UTF_8));
        assertEquals("</stream:stream>", new String(XmlWriter.streamClose(), StandardCharsets.UTF_8));
        Recorder r = Recorder.parse(new String(open, StandardCharsets.UTF_8) + "</stream:stream>", 4096);
        assertEquals("id'<&", r.headers.get(0).id());
        assertEquals("en", r.headers.get(0).lang());
        assertEquals(1, r.closed);
        assertFalse(new String(XmlWriter.toBytes(Stanzas.newElement(parlance.api.stanza.Stanza.Kind.MESSAGE),
                Namespaces.CLIENT), StandardCharsets.UTF_8).contains("xmlns"));
        assertArrayEquals(utf8("<message/>"), XmlWriter.toBytes(Stanzas.newElement(
                parlance.api.stanza.Stanza.Kind.MESSAGE), Namespaces.CLIENT));
    }
}
