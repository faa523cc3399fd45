package parlance.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/**
 * XEP-0288 bidirectional streams between two servers on loopback, counted in accepted TCP connections; and the
 * XEP-0205 connection limit per remote domain.
 */
class BidiTest {
    @TempDir
    Path home;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Peer peer(String domain, Peer.Options o) throws Exception {
        Peer p = new Peer(domain, home, o);
        open.add(p);
        return p;
    }

    private static Peer.Options options(int port, X509TrustManager trust, boolean bidi, String... routes) {
        Peer.Options o = new Peer.Options();
        o.port = port;
        o.trust = trust;
        o.secure = trust != null;
        o.bidi = bidi;
        o.routes = routes;
        return o;
    }

    /** a.test -> b.test, b.test -> a.test, twice; every message arrives and nothing bounces. */
    private static void roundTrips(Peer a, Peer b) throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "ping" + i));
            Stanza got = b.next();
            assertNotNull(got, "b got nothing");
            assertEquals("ping" + i, got.element().elementText("body"));
            b.server.outbound().send(TestStanzas.message("bob@b.test/desk", "alice@a.test/home", "chat", "pong" + i));
            Stanza reply = a.next();
            assertNotNull(reply, "a got nothing");
            assertEquals("bob@b.test/desk", reply.from().toString());
            assertEquals("pong" + i, reply.element().elementText("body"));
        }
        assertNull(a.routed.poll());
        assertNull(b.routed.poll());
    }

    @Test
    void withBidiAndCertificatesBothDirectionsShareOneConnection() throws Exception {
        X509TrustManager trust = Peer.trusting(home, "a.test", "b.test");
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer a = peer("a.test", options(portA, trust, true, "b.test=127.0.0.1:" + portB));
        Peer b = peer("b.test", options(portB, trust, true, "a.test=127.0.0.1:" + portA));
        roundTrips(a, b);
        assertEquals(1, b.server.accepted(), "a's one connection to b");
        assertEquals(0, a.server.accepted(), "b never connected to a");
        assertEquals(0, b.server.outbound().size(), "b opened no link of its own");
        assertEquals(1, b.server.outbound().bidiRoutes());
        assertEquals(1, b.server.services().externalLogins.sum());
    }

    @Test
    void withoutBidiEachDirectionHasItsOwnConnection() throws Exception {
        X509TrustManager trust = Peer.trusting(home, "a.test", "b.test");
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer a = peer("a.test", options(portA, trust, false, "b.test=127.0.0.1:" + portB));
        Peer b = peer("b.test", options(portB, trust, true, "a.test=127.0.0.1:" + portA));
        roundTrips(a, b);
        assertEquals(1, b.server.accepted());
        assertEquals(1, a.server.accepted(), "a did not ask for bidi: b connected back");
        assertEquals(0, b.server.outbound().bidiRoutes());
    }

    @Test
    void withBidiAndDialbackStanzasFlowBothWaysOverTheInitiatedStream() throws Exception {
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer a = peer("a.test", options(portA, null, true, "b.test=127.0.0.1:" + portB));
        Peer b = peer("b.test", options(portB, null, true, "a.test=127.0.0.1:" + portA));
        roundTrips(a, b);
        // dialback needs b's own check with a (XEP-0288 §2.2: never on the stream the request came on)
        assertEquals(1, b.server.accepted());
        assertEquals(1, a.server.accepted(), "only b's dialback check connected to a");
        assertTrue(b.server.outbound().bidiRoutes() >= 1);
    }

    @Test
    void aRemoteDomainOverItsConnectionLimitIsRefused() throws Exception {
        int portA = Peer.freePort();
        Peer a = peer("a.test", options(portA, null, true));
        Peer.Options o = options(0, null, true, "a.test=127.0.0.1:" + portA);
        o.maxConnectionsPerDomain = 1;
        Peer b = peer("b.test", o);
        try (RawServer first = new RawServer(new Socket("127.0.0.1", b.port), "a.test", "b.test");
                RawServer second = new RawServer(new Socket("127.0.0.1", b.port), "a.test", "b.test")) {
            first.dialback(a.server.services().keys);
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalStateException.class, () -> second.dialback(a.server.services().keys));
            assertTrue(refused.getMessage().contains("policy-violation"), refused.getMessage());
            first.write("<message from='alice@a.test/x' to='bob@b.test'><body>still here</body></message>");
            assertEquals("still here", b.next().element().elementText("body"));
            assertEquals(1, b.server.services().limits.connections("a.test"));
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (b.server.services().limits.connections("a.test") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, b.server.services().limits.connections("a.test"), "a closed stream gives its slot back");
    }
}
