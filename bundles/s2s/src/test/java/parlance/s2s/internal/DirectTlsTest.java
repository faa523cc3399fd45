package parlance.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/**
 * XEP-0368 direct TLS with real handshakes on loopback: the inbound listener (TLS at once, ALPN xmpp-server, SNI,
 * no STARTTLS), outbound over a {@code tls:} static route and over {@code _xmpps-server} SRV records, and what a
 * direct-TLS client offers (SNI = the remote domain, ALPN xmpp-server).
 */
class DirectTlsTest {
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

    private static Peer.Options options(int port, int tlsPort, String... routes) {
        Peer.Options o = new Peer.Options();
        o.port = port;
        o.tlsPort = tlsPort;
        o.routes = routes;
        return o;
    }

    @Test
    void theDirectTlsListenerSpeaksTlsAtOnceWithAlpnAndSkipsStartTls() throws Exception {
        int portA = Peer.freePort();
        Peer a = peer("a.test", options(portA, -1));
        Peer b = peer("b.test", options(0, 0, "a.test=127.0.0.1:" + portA));
        try (RawServer raw = RawServer.directTls(b.tlsPort, "a.test", "b.test", "b.test", "xmpp-server")) {
            assertEquals("xmpp-server", raw.applicationProtocol(), "ALPN agreed on (XEP-0368 §3 rule 9)");
            String answer = raw.dialbackOverTls(a.server.services().keys);
            assertFalse(raw.features.contains("starttls"), raw.features); // §3 rule 5
            assertTrue(raw.features.contains("urn:xmpp:features:dialback"), raw.features);
            assertTrue(answer.contains("type='valid'") || answer.contains("type=\"valid\""), answer);
            raw.write("<message from='alice@a.test/x' to='bob@b.test'><body>direct</body></message>");
            Stanza got = b.next();
            assertNotNull(got);
            assertEquals("direct", got.element().elementText("body"));
        }
    }

    @Test
    void theSniNameStandsForAMissingToAddress() throws Exception {
        Peer b = peer("b.test", options(0, 0));
        try (RawServer raw = RawServer.directTls(b.tlsPort, "a.test", "b.test", "conference.b.test",
                "xmpp-server")) {
            raw.write("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
                    + " xmlns:stream='http://etherx.jabber.org/streams' from='a.test' version='1.0'>");
            String answer = raw.readUntil("</stream:features>");
            assertTrue(answer.contains("from='conference.b.test'") || answer.contains("from=\"conference.b.test\""),
                    answer);
        }
    }

    @Test
    void aClientAskingForAnotherAlpnProtocolIsRefused() throws Exception {
        Peer b = peer("b.test", options(0, 0));
        assertThrows(java.io.IOException.class,
                () -> RawServer.directTls(b.tlsPort, "a.test", "b.test", "b.test", "xmpp-client").close());
    }

    @Test
    void aTlsStaticRouteConnectsWithDirectTls() throws Exception {
        int portA = Peer.freePort();
        Peer b = peer("b.test", options(0, 0, "a.test=127.0.0.1:" + portA));
        // only b's direct-TLS port: a STARTTLS client would never get through
        Peer a = peer("a.test", options(portA, -1, "b.test=tls:127.0.0.1:" + b.tlsPort));
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "over tls"));
        Stanza got = b.next();
        assertNotNull(got, "nothing arrived over direct TLS");
        assertEquals("over tls", got.element().elementText("body"));
        assertNull(a.routed.poll(), "no bounce");
    }

    @Test
    void xmppsServerRecordsAreTriedInTheirMergedOrder() throws Exception {
        int portA = Peer.freePort();
        int closed = Peer.freePort();
        Peer b = peer("b.test", options(0, 0, "a.test=127.0.0.1:" + portA));
        Peer.Options o = options(portA, -1);
        // the STARTTLS record has the better priority but nothing listens there; the direct-TLS one works
        o.srv = name -> switch (name) {
            case "_xmpp-server._tcp.b.test" -> List.of(new Resolver.Srv(0, 0, closed, "127.0.0.1"));
            case "_xmpps-server._tcp.b.test" -> List.of(new Resolver.Srv(5, 0, b.tlsPort, "127.0.0.1"));
            default -> null;
        };
        Peer a = peer("a.test", o);
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "via srv"));
        Stanza got = b.next();
        assertNotNull(got, "the xmpps-server target was not used");
        assertEquals("via srv", got.element().elementText("body"));
    }

    @Test
    void anOutboundDirectTlsConnectionOffersSniAndAlpnXmppServer() throws Exception {
        Peer.certificate(home.resolve("b.test"), "b.test");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(home.resolve("b.test").resolve("b.test.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        List<String> sni = new CopyOnWriteArrayList<>();
        List<String> offered = new CopyOnWriteArrayList<>();
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0)) {
            CompletableFuture<String> header = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    SSLParameters p = s.getSSLParameters();
                    p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                        @Override
                        public boolean matches(SNIServerName name) {
                            sni.add(((SNIHostName) name).getAsciiName());
                            return true;
                        }
                    }));
                    s.setSSLParameters(p);
                    s.setHandshakeApplicationProtocolSelector((socket, protocols) -> {
                        offered.addAll(protocols);
                        return "xmpp-server";
                    });
                    s.setSoTimeout(20_000);
                    s.startHandshake();
                    byte[] buf = new byte[4096];
                    int n = s.getInputStream().read(buf);
                    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
                } catch (Exception e) {
                    return "failed: " + e;
                }
            });
            Peer a = peer("a.test", options(0, -1, "b.test=tls:127.0.0.1:" + server.getLocalPort()));
            a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "hi"));
            String first = header.get(20, TimeUnit.SECONDS);
            assertEquals(List.of("b.test"), sni, "SNI is the remote domain (XEP-0368 §3 rule 6)");
            assertEquals(List.of("xmpp-server"), offered, "ALPN xmpp-server (§3 rules 7, 9)");
            assertTrue(first.contains("<stream:stream") && first.contains("b.test"), first);
        }
    }
}
