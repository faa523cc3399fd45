package parlance.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/**
 * The initiating side of XEP-0288 against a hand-driven receiving server: {@code <bidi/>} is sent when offered
 * (before dialback, §2.2), and then stanzas from the receiving domain to ours are accepted on our outbound stream,
 * while stanzas from any other domain end it ({@code invalid-from}, RFC 6120 §4.9.3.9).
 */
class BidiOutboundTest {
    @TempDir
    Path home;
    private Peer a;

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
    }

    /** Connects a.test to the raw b.test and authenticates by dialback (the raw side simply says valid). */
    private String connect(RawReceiver b, String features) throws Exception {
        Peer.Options o = new Peer.Options();
        o.routes = new String[] {"b.test=127.0.0.1:" + b.port()};
        a = new Peer("a.test", home, o);
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "first"));
        b.acceptAndSecure("a.test", features);
        String requests = b.readUntil("</db:result>");
        b.write("<db:result from='b.test' to='a.test' type='valid'/>");
        String first = b.readUntil("</message>");
        assertTrue(first.contains("first"), first);
        return requests;
    }

    @Test
    void offeredBidiIsRequestedAndTheReceivingDomainMaySendBack() throws Exception {
        try (RawReceiver b = new RawReceiver(home, "b.test")) {
            String requests = connect(b, "<bidi xmlns='urn:xmpp:features:bidi'/>"
                    + "<dialback xmlns='urn:xmpp:features:dialback'/>");
            assertTrue(requests.indexOf("urn:xmpp:bidi") >= 0
                    && requests.indexOf("urn:xmpp:bidi") < requests.indexOf("<db:result"), requests);
            b.write("<message from='bob@b.test/desk' to='alice@a.test/home' type='chat'><body>back</body></message>");
            Stanza got = a.next();
            assertNotNull(got, "the stanza on our outbound stream was not accepted");
            assertEquals("back", got.element().elementText("body"));
            assertEquals(Namespaces.CLIENT, got.element().getNamespaceURI());

            b.write("<message from='mallory@evil.test/x' to='alice@a.test/home'><body>spoof</body></message>");
            String end = b.readUntil("</stream:stream>");
            assertTrue(end.contains("invalid-from"), end);
            assertNull(a.routed.poll(), "the spoofed stanza was not routed");
        }
    }

    @Test
    void withoutBidiStanzasOnOurOutboundStreamAreRefused() throws Exception {
        try (RawReceiver b = new RawReceiver(home, "b.test")) {
            String requests = connect(b, "<dialback xmlns='urn:xmpp:features:dialback'/>");
            assertFalse(requests.contains("urn:xmpp:bidi"), requests);
            b.write("<message from='bob@b.test/desk' to='alice@a.test/home'><body>back</body></message>");
            String end = b.readUntil("</stream:stream>");
            assertTrue(end.contains("unsupported-stanza-type"), end);
            assertNull(a.routed.poll());
        }
    }
}
