package parlance.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/**
 * Two servers on loopback federate (RFC 6120 §4, §5 STARTTLS, XEP-0220 dialback with XEP-0185 keys), and what a
 * sender notices when the remote side cannot be reached (RFC 6120 §8.3.3.16, §8.3.3.17).
 */
class FederationTest {
    @TempDir
    Path home;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Peer peer(String domain, int port, boolean secure, int timeout, int queue, String... routes)
            throws Exception {
        Peer p = new Peer(domain, port, home, secure, timeout, queue, routes);
        open.add(p);
        return p;
    }

    @Test
    void aMessageCrossesToTheOtherServerAndAReplyComesBack() throws Exception {
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer a = peer("a.test", portA, false, 20, 100, "b.test=127.0.0.1:" + portB);
        Peer b = peer("b.test", portB, false, 20, 100, "a.test=127.0.0.1:" + portA);

        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "hello bob"));
        Stanza got = b.next();
        assertNotNull(got, "b's router got nothing");
        assertEquals("alice@a.test/home", got.from().toString());
        assertEquals("bob@b.test", got.to().toString());
        assertEquals(Namespaces.CLIENT, got.element().getNamespaceURI());
        assertEquals("hello bob", got.element().elementText("body"));

        b.server.outbound().send(TestStanzas.message("bob@b.test/desk", "alice@a.test/home", "chat", "hi alice"));
        Stanza reply = a.next();
        assertNotNull(reply, "a's router got nothing");
        assertEquals("bob@b.test/desk", reply.from().toString());
        assertEquals("hi alice", reply.element().elementText("body"));
        assertNull(a.routed.poll(), "no bounce at the sender");
    }

    @Test
    void stanzasHeldDuringSetupArriveInOrder() throws Exception {
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer a = peer("a.test", portA, false, 20, 100, "b.test=127.0.0.1:" + portB);
        Peer b = peer("b.test", portB, false, 20, 100, "a.test=127.0.0.1:" + portA);
        for (int i = 0; i < 5; i++) {
            a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "m" + i));
        }
        for (int i = 0; i < 5; i++) {
            Stanza got = b.next();
            assertNotNull(got);
            assertEquals("m" + i, got.element().elementText("body"));
        }
    }

    @Test
    void idleStreamsCloseAndTheNextStanzaOpensANewOne() throws Exception {
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer a = new Peer("a.test", portA, home, null, false, 20, 100, 1, "b.test=127.0.0.1:" + portB);
        open.add(a);
        Peer b = new Peer("b.test", portB, home, null, false, 20, 100, 1, "a.test=127.0.0.1:" + portA);
        open.add(b);
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "first"));
        assertEquals("first", b.next().element().elementText("body"));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (a.server.outbound().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, a.server.outbound().size(), "the idle link was closed and forgotten");
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "second"));
        assertEquals("second", b.next().element().elementText("body"));
        assertNull(a.routed.poll(), "nothing bounced");
    }

    @Test
    void unreachableDomainBouncesRemoteServerNotFound() throws Exception {
        int closed = Peer.freePort();
        Peer a = peer("a.test", 0, false, 20, 100, "nowhere.test=127.0.0.1:" + closed);
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@nowhere.test", "chat", "anyone?"));
        Stanza bounce = a.next();
        assertNotNull(bounce);
        assertEquals("alice@a.test/home", bounce.to().toString());
        assertEquals("remote-server-not-found", TestStanzas.condition(bounce));
    }

    @Test
    void silentPeerBouncesRemoteServerTimeoutAndTheQueueIsBounded() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Peer a = peer("a.test", 0, false, 2, 1, "mute.test=127.0.0.1:" + silent.getLocalPort());
            a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@mute.test", "chat", "one"));
            a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@mute.test", "chat", "two"));
            Stanza first = a.next();
            assertEquals("resource-constraint", TestStanzas.condition(first)); // "two" did not fit
            Stanza second = a.next();
            assertEquals("remote-server-timeout", TestStanzas.condition(second));
            assertEquals("one", second.element().elementText("body"));
        }
    }

    @Test
    void peersWithTrustedCertificatesAuthenticateBySaslExternal() throws Exception {
        javax.net.ssl.X509TrustManager trust = Peer.trusting(home, "a.test", "b.test");
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer a = new Peer("a.test", portA, home, trust, true, 20, 100, 60, "b.test=127.0.0.1:" + portB);
        open.add(a);
        Peer b = new Peer("b.test", portB, home, trust, true, 20, 100, 60, "a.test=127.0.0.1:" + portA);
        open.add(b);
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "signed"));
        Stanza got = b.next();
        assertNotNull(got);
        assertEquals("signed", got.element().elementText("body"));
        assertEquals(1, b.server.services().externalLogins.sum());
        assertEquals(0, b.server.services().dialbackLogins.sum());
    }

    @Test
    void secureModeRefusesASelfSignedPeer() throws Exception {
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer a = peer("a.test", portA, true, 20, 100, "b.test=127.0.0.1:" + portB);
        Peer b = peer("b.test", portB, false, 20, 100, "a.test=127.0.0.1:" + portA);
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "secret"));
        Stanza bounce = a.next();
        assertEquals("remote-server-not-found", TestStanzas.condition(bounce));
        assertNull(b.routed.poll(), "nothing reached b");
    }

    @Test
    void aStanzaFromAnotherDomainThanTheAuthenticatedOneEndsTheStream() throws Exception {
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer a = peer("a.test", portA, false, 20, 100, "b.test=127.0.0.1:" + portB);
        Peer b = peer("b.test", portB, false, 20, 100, "a.test=127.0.0.1:" + portA);
        try (RawServer raw = new RawServer(new Socket("127.0.0.1", portB), "a.test", "b.test")) {
            raw.dialback(a.server.services().keys);
            raw.write("<message from='mallory@evil.test/x' to='bob@b.test'><body>spoof</body></message>");
            String answer = raw.readUntil("</stream:stream>");
            assertTrue(answer.contains("invalid-from"), answer);
        }
        assertNull(b.routed.poll(), "the spoofed message was not routed");
    }

    @Test
    void aStreamToADomainWeDoNotServeIsHostUnknown() throws Exception {
        Peer b = peer("b.test", 0, false, 20, 100);
        try (RawServer raw = new RawServer(new Socket("127.0.0.1", b.port), "a.test", "elsewhere.test")) {
            raw.write(RawServer.header("a.test", "elsewhere.test"));
            String answer = raw.readUntil("</stream:stream>");
            assertTrue(answer.contains("host-unknown"), answer);
        }
    }

    @Test
    void stanzasBeforeAuthenticationAreNotAuthorized() throws Exception {
        Peer b = peer("b.test", 0, false, 20, 100);
        try (RawServer raw = new RawServer(new Socket("127.0.0.1", b.port), "a.test", "b.test")) {
            raw.write(RawServer.header("a.test", "b.test"));
            raw.readUntil("</stream:features>");
            raw.write("<message from='alice@a.test/x' to='bob@b.test'><body>early</body></message>");
            String answer = raw.readUntil("</stream:stream>");
            assertTrue(answer.contains("not-authorized"), answer);
        }
        assertNull(b.routed.poll());
    }
}
