package parlance.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import parlance.xml.XmlReader;

/** RFC 6455 §4.2.2 accept key, the subprotocol check, and the XEP-0156 documents. */
class HandshakeAndHostMetaTest {
    /** The example of RFC 6455 §1.3. */
    @Test
    void acceptKeyMatchesTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
        assertTrue(Handshake.validKey("dGhlIHNhbXBsZSBub25jZQ=="));
        assertFalse(Handshake.validKey("c2hvcnQ="));
    }

    @Test
    void subprotocolTokenIsFoundInAnyHeaderValue() {
        assertTrue(Handshake.hasToken(Collections.enumeration(List.of("chat", " XMPP , other")), "xmpp"));
        assertFalse(Handshake.hasToken(Collections.enumeration(List.of("xmpp-bosh")), "xmpp"));
        assertFalse(Handshake.hasToken(null, "xmpp"));
    }

    /** XEP-0156 §3: an XRD with the websocket and xbosh link relations. */
    @Test
    void hostMetaXrdNamesTheWebSocketEndpoint() throws Exception {
        String url = HostMeta.derivedUrl(false, "localhost:5280", "ignored", 1);
        assertEquals("ws://localhost:5280/xmpp-websocket", url);
        String bosh = HostMeta.derivedBoshUrl(false, "localhost:5280", "ignored", 1);
        assertEquals("http://localhost:5280/http-bind", bosh);
        Element xrd = XmlReader.parse(HostMeta.xrd(url, bosh));
        assertEquals(HostMeta.XRD_NS, xrd.getNamespaceURI());
        Element link = xrd.elements().get(0);
        assertEquals(HostMeta.WEBSOCKET_REL, link.attributeValue("rel"));
        assertEquals(url, link.attributeValue("href"));
        Element boshLink = xrd.elements().get(1);
        assertEquals(HostMeta.BOSH_REL, boshLink.attributeValue("rel"));
        assertEquals(bosh, boshLink.attributeValue("href"));
        assertEquals("{\"links\":[{\"rel\":\"urn:xmpp:alt-connections:websocket\",\"href\":\"wss://h/x\\\"\"},"
                + "{\"rel\":\"urn:xmpp:alt-connections:xbosh\",\"href\":\"https://h/b\"}]}",
                HostMeta.jrd("wss://h/x\"", "https://h/b"));
        assertEquals("wss://example.org:443/xmpp-websocket", HostMeta.derivedUrl(true, "bad host<", "example.org", 443));
    }
}
