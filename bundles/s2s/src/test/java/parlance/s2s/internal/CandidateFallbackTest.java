package parlance.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/**
 * RFC 6120 §3.2.1 step 6 and XEP-0368 §3: a candidate that accepts the connection but fails the TLS handshake or the
 * stream before authentication is left for the next one; only when every candidate failed do held stanzas bounce.
 */
class CandidateFallbackTest {
    @TempDir
    Path home;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private Peer peer(String domain, int port, String... routes) throws Exception {
        Peer.Options o = new Peer.Options();
        o.port = port;
        o.routes = routes;
        return keep(new Peer(domain, home, o));
    }

    /** a.test sends to b.test with {@code first} as its first candidate and the real b.test as the second. */
    private void arrivesAfter(BrokenTarget broken, String firstRoute) throws Exception {
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        Peer b = peer("b.test", portB, "a.test=127.0.0.1:" + portA);
        Peer a = peer("a.test", portA, "b.test=" + firstRoute, "b.test=127.0.0.1:" + portB);
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "second try"));
        Stanza got = b.next();
        assertNotNull(got, "the second candidate was never used");
        assertEquals("second try", got.element().elementText("body"));
        assertEquals(1, broken.accepted(), "the first candidate was tried first");
        assertNull(a.routed.poll(), "nothing bounced");
    }

    @Test
    void aFailedStartTlsHandshakeMovesOnToTheNextCandidate() throws Exception {
        BrokenTarget broken = keep(new BrokenTarget(BrokenTarget.startTlsThenGarbage()));
        arrivesAfter(broken, "127.0.0.1:" + broken.port());
    }

    @Test
    void aFailedDirectTlsHandshakeMovesOnToTheNextCandidate() throws Exception {
        BrokenTarget broken = keep(new BrokenTarget(BrokenTarget.plainTextWhereTlsWasExpected()));
        arrivesAfter(broken, "tls:127.0.0.1:" + broken.port());
    }

    @Test
    void aStreamErrorBeforeAuthenticationMovesOnToTheNextCandidate() throws Exception {
        BrokenTarget broken = keep(new BrokenTarget(BrokenTarget.hostUnknown()));
        arrivesAfter(broken, "127.0.0.1:" + broken.port());
    }

    @Test
    void aDialbackCheckSentOnAFailedCandidateIsAskedAgainOnTheNext() throws Exception {
        int portA = Peer.freePort();
        int portB = Peer.freePort();
        try (RawReceiver fake = new RawReceiver(home, "a.test")) {
            // b checks a's dialback key with a.test (XEP-0220 §2.1.2); its first candidate for a.test takes the
            // <db:verify/> after TLS and then fails the stream
            Peer b = peer("b.test", portB, "a.test=127.0.0.1:" + fake.port(), "a.test=127.0.0.1:" + portA);
            Peer a = peer("a.test", portA, "b.test=127.0.0.1:" + portB);
            java.util.concurrent.CompletableFuture<String> asked = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            fake.acceptAndSecure("b.test", "<dialback xmlns='urn:xmpp:features:dialback'/>");
                            String got = fake.readUntil("</db:verify>");
                            fake.write("<stream:error><internal-server-error"
                                    + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
                            return got;
                        } catch (Exception e) {
                            return e.toString();
                        }
                    });
            a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "checked"));
            Stanza got = b.next();
            assertNotNull(got, "the dialback check was lost with the failed candidate");
            assertEquals("checked", got.element().elementText("body"));
            String request = asked.get(20, java.util.concurrent.TimeUnit.SECONDS);
            org.junit.jupiter.api.Assertions.assertTrue(request.contains("<db:verify"), request);
            assertNull(a.routed.poll(), "nothing bounced");
        }
    }

    @Test
    void whenEveryCandidateFailsTheStanzaBouncesOnceWithRemoteServerNotFound() throws Exception {
        BrokenTarget one = keep(new BrokenTarget(BrokenTarget.startTlsThenGarbage()));
        BrokenTarget two = keep(new BrokenTarget(BrokenTarget.hostUnknown()));
        Peer a = peer("a.test", 0, "b.test=127.0.0.1:" + one.port(), "b.test=127.0.0.1:" + two.port());
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "anyone?"));
        Stanza bounce = a.next();
        assertNotNull(bounce, "no bounce");
        assertEquals("remote-server-not-found", TestStanzas.condition(bounce));
        assertEquals("anyone?", bounce.element().elementText("body"));
        assertEquals(1, one.accepted());
        assertEquals(1, two.accepted(), "the second candidate was tried too");
        assertNull(a.routed.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS), "bounced once");
    }

    @Test
    void theConnectTimeoutCoversEveryCandidate() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
            BrokenTarget broken = keep(new BrokenTarget(BrokenTarget.hostUnknown()));
            Peer.Options o = new Peer.Options();
            o.connectTimeout = 2;
            o.routes = new String[] {"b.test=127.0.0.1:" + broken.port(), "b.test=127.0.0.1:" + silent.getLocalPort()};
            Peer a = keep(new Peer("a.test", home, o));
            a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "late"));
            Stanza bounce = a.next();
            assertNotNull(bounce, "no bounce");
            assertEquals("remote-server-timeout", TestStanzas.condition(bounce));
            assertEquals(1, broken.accepted());
        }
    }
}
