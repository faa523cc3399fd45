package parlance.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;
import parlance.stream.spi.ElementStream;
import parlance.xml.XmlReader;

/** RFC 7395 §3.3–§3.6: one element per message, {@code <open/>} and {@code <close/>}. */
class XmppFramingTest {
    final List<String> calls = new ArrayList<>();
    final XmppFraming framing = new XmppFraming(new ElementStream() {
        @Override
        public void header(String to, String from, String version, String lang) {
            calls.add("header " + to + " " + from + " " + version + " " + lang);
        }

        @Override
        public void element(Element element) {
            calls.add("element {" + element.getNamespaceURI() + "}" + element.getName());
        }

        @Override
        public void close() {
            calls.add("close");
        }

        @Override
        public void error(StreamError condition, String text) {
            calls.add("error " + condition.condition());
        }

        @Override
        public void ended() {
            calls.add("ended");
        }

        @Override
        public void shutdown() {
            calls.add("shutdown");
        }
    });

    @Test
    void openStanzaAndCloseReachTheStream() {
        framing.message("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.org' version='1.0' "
                + "xml:lang='de'/>");
        framing.message("<message xmlns='jabber:client' to='romeo@example.org'><body>hi</body></message>");
        framing.message("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertEquals(List.of("header example.org null 1.0 de", "element {jabber:client}message", "close"), calls);
    }

    /** §3.4: the stream starts with {@code <open/>}. */
    @Test
    void elementBeforeOpenIsAStreamError() {
        framing.message("<message xmlns='jabber:client'/>");
        assertEquals(List.of("error not-authorized"), calls);
    }

    /** RFC 6120 §11.1 restrictions and well-formedness apply to each message. */
    @Test
    void badXmlIsAStreamError() {
        framing.message("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.org' version='1.0'/>");
        framing.message("<message xmlns='jabber:client'>");
        framing.message("<!DOCTYPE x><x/>");
        assertEquals("error not-well-formed", calls.get(1));
        assertTrue(calls.get(2).startsWith("error "), calls.toString());
    }

    /** §3.3.3: each outgoing element declares its own namespaces, so it parses alone. */
    @Test
    void outgoingElementsCarryTheirNamespaces() throws Exception {
        Element features = DocumentHelper.createElement(QName.get("features", "stream", Namespaces.STREAMS));
        features.addElement(QName.get("bind", Namespaces.BIND));
        Element parsed = XmlReader.parse(XmppFraming.text(features));
        assertEquals(Namespaces.STREAMS, parsed.getNamespaceURI());
        Element message = DocumentHelper.createElement(QName.get("message", Namespaces.CLIENT));
        assertEquals(Namespaces.CLIENT, XmlReader.parse(XmppFraming.text(message)).getNamespaceURI());
        Element open = XmlReader.parse(XmppFraming.text(XmppFraming.open("example.org", "abc", "en")));
        assertEquals(XmppFraming.NS, open.getNamespaceURI());
        assertEquals("1.0", open.attributeValue("version"));
        assertEquals("example.org", open.attributeValue("from"));
        assertEquals("close", XmlReader.parse(XmppFraming.text(XmppFraming.close())).getName());
    }
}
