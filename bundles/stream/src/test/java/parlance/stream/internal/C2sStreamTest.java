package parlance.stream.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;

/** RFC 6120 streams end to end over real sockets on 127.0.0.1, with fakes for router, sessions and SASL. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class C2sStreamTest {
    @TempDir
    Path home;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(home);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> mechanisms(Element features) {
        Element mechs = features.element(QName.get("mechanisms", Namespaces.SASL));
        return mechs == null ? List.of() : mechs.elements().stream().map(e -> ((Element) e).getText())
                .collect(Collectors.toList());
    }

    /** RFC 6120 §5.3.1, §5.4, §6.4.1: STARTTLS required first; SASL only over TLS; XEP-0440 binding types. */
    @Test
    void startTlsIsRequiredAndSaslIsOfferedOnlyAfterIt() throws Exception {
        try (TestClient c = server.client()) {
            Element before = c.open();
            Element starttls = before.element(QName.get("starttls", Namespaces.TLS));
            assertNotNull(starttls, before.asXML());
            assertNotNull(starttls.element(QName.get("required", Namespaces.TLS)));
            assertTrue(mechanisms(before).isEmpty(), before.asXML());

            Element after = c.startTls(server.cert());
            assertNull(after.element(QName.get("starttls", Namespaces.TLS)));
            assertEquals(List.of("PROBE-PLUS", "PLAIN"), mechanisms(after));
            Element cb = after.element(QName.get("sasl-channel-binding", "urn:xmpp:sasl-cb:0"));
            assertNotNull(cb, after.asXML());
            assertEquals("tls-server-end-point", ((Element) cb.elements().get(0)).attributeValue("type"));
            String protocol = c.ssl().getSession().getProtocol();
            assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
        }
    }

    @Test
    void authBindAndMessageReachTheRouterAndDeliveryReachesTheClient() throws Exception {
        try (TestClient c = server.client()) {
            Element bound = c.login(server.cert(), "Juliet", "balcony");
            assertEquals("result", bound.attributeValue("type"), bound.asXML());
            String jid = bound.element("bind").elementText("jid");
            assertEquals("juliet@example.org/balcony", jid);
            assertEquals(1, server.sessions.count());

            c.send("<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
            Element session = c.element();
            assertEquals("result", session.attributeValue("type"));
            assertEquals("s1", session.attributeValue("id"));

            c.send("<message to='Romeo@Example.org' type='chat'><body>Wherefore art thou?</body></message>");
            Stanza received = server.router.received.poll(5, TimeUnit.SECONDS);
            assertNotNull(received);
            assertEquals("juliet@example.org/balcony", received.from().toString());
            assertEquals("romeo@example.org", received.to().toString());
            assertEquals("juliet@example.org/balcony", received.element().attributeValue("from"));
            assertEquals("Wherefore art thou?", received.element().elementText("body"));

            ClientSession s = server.sessions.bound.values().iterator().next();
            assertTrue(s.isSecure());
            Element reply = Stanzas.newElement(Stanza.Kind.MESSAGE);
            reply.addAttribute("from", "romeo@example.org/orchard");
            reply.addAttribute("to", jid);
            reply.addElement("body", Namespaces.CLIENT).setText("Here!");
            new Thread(() -> s.deliver(Stanza.of(reply, null, null))).start();
            Element got = c.element();
            assertEquals("message", got.getName());
            assertEquals("Here!", got.elementText("body"));
        }
        ClientSession gone = server.sessions.unregistered.poll(5, TimeUnit.SECONDS);
        assertNotNull(gone, "the session must leave the table when the client disconnects");
        assertEquals(0, server.sessions.count());
    }

    /** A fan-out copy (MUC, PEP) reaches two TLS clients, each addressed to itself, from one shared serialisation. */
    @Test
    void aBroadcastReachesEachClientAddressedToItself() throws Exception {
        try (TestClient a = server.client(); TestClient b = server.client()) {
            a.login(server.cert(), "juliet", "balcony");
            b.login(server.cert(), "romeo", "orchard");
            Element m = Stanzas.newElement(Stanza.Kind.MESSAGE);
            m.addAttribute("from", "room@conference.example.org/nurse");
            m.addAttribute("type", "groupchat");
            m.addElement("body", Namespaces.CLIENT).setText("Dinner & <wine>");
            parlance.api.stanza.Broadcast broadcast = parlance.api.stanza.Broadcast.of(m,
                    parlance.api.address.Jid.ofPrepared("room", "conference.example.org", "nurse"));
            for (ClientSession s : server.sessions.bound.values()) {
                new Thread(() -> s.deliver(broadcast)).start();
            }
            Element toA = a.element();
            Element toB = b.element();
            assertEquals("juliet@example.org/balcony", toA.attributeValue("to"), toA.asXML());
            assertEquals("romeo@example.org/orchard", toB.attributeValue("to"), toB.asXML());
            for (Element got : List.of(toA, toB)) {
                assertEquals("groupchat", got.attributeValue("type"));
                assertEquals("room@conference.example.org/nurse", got.attributeValue("from"));
                assertEquals("Dinner & <wine>", got.elementText("body"));
            }
        }
    }

    @Test
    void anEmptyBindGetsAServerGeneratedResourceAndATakenOneAConflict() throws Exception {
        try (TestClient a = server.client(); TestClient b = server.client()) {
            Element first = a.login(server.cert(), "romeo", null);
            String jid = first.element("bind").elementText("jid");
            assertTrue(jid.startsWith("romeo@example.org/") && jid.length() > "romeo@example.org/".length(), jid);
            String resource = jid.substring(jid.indexOf('/') + 1);
            Element second = b.login(server.cert(), "romeo", resource);
            assertEquals("error", second.attributeValue("type"), second.asXML());
            assertNotNull(second.element("error").element(QName.get("conflict", "urn:ietf:params:xml:ns:xmpp-stanzas")));
        }
    }

    /** XEP-0368: TLS from the first byte; the first features already carry SASL. */
    @Test
    void directTlsPortOffersSaslRightAway() throws Exception {
        try (TestClient c = TestClient.directTls(server.tlsPort, TestServer.DOMAIN, server.cert())) {
            Element features = c.open();
            assertNull(features.element(QName.get("starttls", Namespaces.TLS)));
            assertEquals(List.of("PROBE-PLUS", "PLAIN"), mechanisms(features));
            assertEquals("success", c.authPlain("nurse", "secret").getName());
        }
    }

    /** RFC 5929 §4.1: tls-server-end-point is the SHA-256 of our (ecdsa-with-SHA256) certificate. */
    @Test
    void channelBindingDataIsTheServerCertificateHash() throws Exception {
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PROBE-PLUS'>=</auth>");
            assertEquals("failure", c.element().getName());
            byte[] expected = MessageDigest.getInstance("SHA-256")
                    .digest(c.ssl().getSession().getPeerCertificates()[0].getEncoded());
            assertArrayEquals(expected, server.probe.bindings.get(0));
        }
    }

    @Test
    void aStanzaBeforeAuthenticationIsNotAuthorized() throws Exception {
        try (TestClient c = server.client()) {
            c.open();
            c.send("<message to='romeo@example.org'><body>hi</body></message>");
            assertEquals("not-authorized", c.streamError());
        }
        assertTrue(server.router.received.isEmpty());
    }

    @Test
    void malformedXmlIsNotWellFormed() throws Exception {
        try (TestClient c = server.client()) {
            c.open();
            c.send("<message><body>oops</message>");
            assertEquals("not-well-formed", c.streamError());
        }
    }

    /** RFC 6120 §13.12: a 10 MB stanza ends that stream only; other connections keep working. */
    @Test
    void aHugeStanzaIsAPolicyViolationAndOthersKeepWorking() throws Exception {
        try (TestClient big = server.client(); TestClient other = server.client()) {
            big.open();
            Thread flood = new Thread(() -> {
                try {
                    big.send("<message to='romeo@example.org'><body>");
                    byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < 160; i++) {
                        big.send(new String(chunk, StandardCharsets.US_ASCII));
                    }
                } catch (Exception e) {
                    // the server closed the connection while we were still sending: expected
                }
            });
            flood.setDaemon(true);
            flood.start();
            assertEquals("policy-violation", big.streamError());
            assertTrue(big.closedByServer());
            flood.join(10_000);
            Element features = other.open();
            assertNotNull(features.element(QName.get("starttls", Namespaces.TLS)));
        }
    }

    @Test
    void aWrongDomainIsHostUnknown() throws Exception {
        try (TestClient c = new TestClient(server.port, "elsewhere.example")) {
            c.openStream();
            assertEquals("host-unknown", c.streamError());
        }
    }

    @Test
    void aForgedFromIsInvalidFrom() throws Exception {
        try (TestClient c = server.client()) {
            c.login(server.cert(), "juliet", "balcony");
            c.send("<message from='juliet@example.org'><body>bare is fine</body></message>");
            assertNotNull(server.router.received.poll(5, TimeUnit.SECONDS));
            c.send("<message from='romeo@example.org/orchard' to='nurse@example.org'><body>forged</body></message>");
            assertEquals("invalid-from", c.streamError());
        }
    }

    @Test
    void aMalformedToBouncesJidMalformedToTheSender() throws Exception {
        try (TestClient c = server.client()) {
            c.login(server.cert(), "juliet", "balcony");
            c.send("<message id='m1' to='bad jid@example.org'><body>x</body></message>");
            Element error = c.element();
            assertEquals("error", error.attributeValue("type"));
            assertEquals("m1", error.attributeValue("id"));
            assertNotNull(error.element("error").element(QName.get("jid-malformed",
                    "urn:ietf:params:xml:ns:xmpp-stanzas")));
            assertTrue(server.router.received.isEmpty());
        }
    }

    /** RFC 6120 §6.4.5: failures are reported; after five the stream ends with policy-violation. */
    @Test
    void repeatedAuthenticationFailuresEndTheStream() throws Exception {
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            for (int i = 0; i < 4; i++) {
                Element failure = c.authPlain("juliet", "wrong");
                assertEquals("failure", failure.getName());
                assertNotNull(failure.element(QName.get("not-authorized", Namespaces.SASL)));
            }
            assertEquals("failure", c.authPlain("juliet", "wrong").getName());
            assertEquals("policy-violation", c.streamError());
        }
    }

    @Test
    void authenticationBeforeTlsIsRefused() throws Exception {
        try (TestClient c = server.client()) {
            c.open();
            Element failure = c.authPlain("juliet", "secret");
            assertNotNull(failure.element(QName.get("encryption-required", Namespaces.SASL)), failure.asXML());
        }
    }

    @Test
    void shutdownClosesStreamsWithSystemShutdown() throws Exception {
        try (TestClient c = server.client()) {
            c.login(server.cert(), "juliet", "balcony");
            Thread stopper = new Thread(server::close);
            stopper.start();
            assertEquals("system-shutdown", c.streamError());
            stopper.join(10_000);
            server = null;
        }
    }

    @Test
    void base64InitialResponseIsDecoded() throws Exception {
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            String b64 = Base64.getEncoder().encodeToString("\0juliet\0secret".getBytes(StandardCharsets.UTF_8));
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + b64.substring(0, 4) + "\n"
                    + b64.substring(4) + "</auth>");
            assertEquals("success", c.element().getName());
        }
    }
}
