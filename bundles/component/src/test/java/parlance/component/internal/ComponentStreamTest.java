package parlance.component.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.router.HostedService;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/** XEP-0114 over real sockets on 127.0.0.1, with a fake router and a fake service registry. */
class ComponentStreamTest {
    private static final String GW = "gw.example.org";
    private static final String SECRET = "s3cret";

    private final Fakes.RecordingRouter router = new Fakes.RecordingRouter();
    private final Fakes.Registry registry = new Fakes.Registry();
    private ExecutorService serial;
    private ComponentServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        serial = Executors.newSingleThreadExecutor();
        Fakes.Preparer preparer = new Fakes.Preparer();
        Secrets secrets = Secrets.parse(new String[] {"GW.example.org=" + SECRET + ", other.example.org=x"},
                d -> d.toLowerCase());
        ComponentContext context = new ComponentContext(secrets, new ConnectedComponents(registry, serial), 4096,
                () -> router, () -> preparer);
        server = new ComponentServer(context, 16);
        port = server.listen("127.0.0.1", 0).getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        serial.shutdownNow();
    }

    /** XEP-0114 §3: header with the stream id and from=domain, handshake acknowledged, domain published. */
    @Test
    void goodHandshakePublishesTheDomain() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            String id = c.open(GW);
            assertTrue(c.received().contains("xmlns='jabber:component:accept'"), c.received());
            assertTrue(c.received().contains("from='" + GW + "'"), c.received());
            c.send("<handshake>" + Secrets.handshake(id, SECRET).toUpperCase() + "</handshake>");
            assertTrue(c.await("<handshake/>").contains("<handshake/>"), c.received());
            assertNotNull(registry.services.get(GW));
        }
    }

    @Test
    void wrongSecretIsNotAuthorized() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            String got = c.connect(GW, "wrong");
            assertTrue(got.contains("<not-authorized"), got);
            assertFalse(got.contains("<handshake/>"), got);
            assertTrue(c.awaitClosed());
            assertTrue(registry.services.isEmpty());
        }
    }

    @Test
    void unknownDomainIsHostUnknown() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            c.send("<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' "
                    + "to='nobody.example.org'>");
            assertTrue(c.await("</stream:stream>").contains("<host-unknown"), c.received());
            assertTrue(c.awaitClosed());
        }
    }

    @Test
    void clientNamespaceIsRefused() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            c.send("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='" + GW
                    + "'>");
            assertTrue(c.await("</stream:stream>").contains("<invalid-namespace"), c.received());
        }
    }

    /** Like Prosody: a second connection for a connected domain is refused; the first one keeps working. */
    @Test
    void secondConnectionForTheDomainIsConflict() throws Exception {
        try (RawComponent first = new RawComponent(port); RawComponent second = new RawComponent(port)) {
            assertTrue(first.connect(GW, SECRET).contains("<handshake/>"));
            String got = second.connect(GW, SECRET);
            assertTrue(got.contains("<conflict"), got);
            assertTrue(second.awaitClosed());
            assertNotNull(registry.services.get(GW));
            first.send("<message from='" + GW + "' to='romeo@example.org'><body>still here</body></message>");
            waitFor(() -> router.routed.size() == 1);
        }
    }

    /** A stanza from the component enters the router in jabber:client with its prepared addresses. */
    @Test
    void stanzaFromTheComponentIsRouted() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            c.connect(GW, SECRET);
            c.send("<message from='Bot@gw.example.org/x' to='Juliet@example.org' type='chat'>"
                    + "<body>hi</body><x xmlns='urn:example'/></message>");
            waitFor(() -> router.routed.size() == 1);
            Stanza s = router.routed.get(0);
            assertEquals("bot@gw.example.org/x", s.from().toString());
            assertEquals("juliet@example.org", s.to().toString());
            assertEquals(Namespaces.CLIENT, s.element().getNamespaceURI());
            assertEquals("hi", s.element().elementText(org.dom4j.QName.get("body", Namespaces.CLIENT)));
            assertNotNull(s.element().element(org.dom4j.QName.get("x", "urn:example")));
            assertEquals("juliet@example.org", s.element().attributeValue("to"));
        }
    }

    /** Prosody's rule: no from means the component's domain; no to is bad-request to the component. */
    @Test
    void missingFromIsStampedAndMissingToBounced() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            c.connect(GW, SECRET);
            c.send("<iq type='get' id='q1'><ping xmlns='urn:xmpp:ping'/></iq>");
            String got = c.await("</iq>");
            assertTrue(got.contains("type='error'") && got.contains("<bad-request"), got);
            c.send("<presence to='juliet@example.org'/>");
            waitFor(() -> router.routed.size() == 1);
            assertEquals(GW, router.routed.get(0).from().toString());
        }
    }

    /** The router's stanza for the domain reaches the socket in the component namespace. */
    @Test
    void stanzaToTheDomainIsDelivered() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            c.connect(GW, SECRET);
            HostedService service = registry.services.get(GW);
            Stanza iq = TestStanzas.iq("juliet@example.org/balcony", "echo@" + GW, "get", "urn:xmpp:ping", "ping");
            service.receive(iq, router);
            String got = c.await("</iq>");
            assertTrue(got.contains("<iq ") && got.contains("to='echo@" + GW + "'"), got);
            assertTrue(got.contains("from='juliet@example.org/balcony'"), got);
            assertTrue(got.contains("<ping xmlns='urn:xmpp:ping'/>"), got);
            assertFalse(got.contains("jabber:client"), got);
            assertTrue(router.routed.isEmpty(), "nothing bounced");
        }
    }

    @Test
    void foreignFromEndsTheStreamWithInvalidFrom() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            c.connect(GW, SECRET);
            c.send("<message from='juliet@example.org' to='romeo@example.org'><body>spoof</body></message>");
            assertTrue(c.await("</stream:stream>").contains("<invalid-from"), c.received());
            assertTrue(c.awaitClosed());
            waitFor(() -> registry.services.isEmpty());
            assertTrue(router.routed.isEmpty(), "the spoofed stanza was not routed");
        }
    }

    /** After a disconnect the domain is withdrawn; a stanza still held by the router bounces; it can reconnect. */
    @Test
    void disconnectWithdrawsTheDomain() throws Exception {
        HostedService stale;
        try (RawComponent c = new RawComponent(port)) {
            c.connect(GW, SECRET);
            stale = registry.services.get(GW);
            assertNotNull(stale);
        }
        waitFor(() -> registry.services.isEmpty());
        stale.receive(TestStanzas.iq("juliet@example.org/b", GW, "get", "urn:xmpp:ping", "ping"), router);
        assertEquals("service-unavailable", TestStanzas.condition(router.routed.get(0)));
        try (RawComponent again = new RawComponent(port)) {
            assertTrue(again.connect(GW, SECRET).contains("<handshake/>"), again.received());
        }
    }

    @Test
    void oversizedStanzaIsPolicyViolation() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            c.connect(GW, SECRET);
            c.send("<message to='juliet@example.org'><body>" + "x".repeat(8000) + "</body></message>");
            assertTrue(c.await("</stream:stream>").contains("<policy-violation"), c.received());
            assertTrue(router.routed.isEmpty());
        }
    }

    @Test
    void restrictedXmlIsRefused() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            c.connect(GW, SECRET);
            c.send("<!-- no comments --><message to='juliet@example.org'/>");
            assertTrue(c.await("</stream:stream>").contains("<restricted-xml"), c.received());
        }
    }

    @Test
    void stanzaBeforeHandshakeIsNotAuthorized() throws Exception {
        try (RawComponent c = new RawComponent(port)) {
            c.open(GW);
            c.send("<message from='" + GW + "' to='juliet@example.org'/>");
            assertTrue(c.await("</stream:stream>").contains("<not-authorized"), c.received());
            assertTrue(router.routed.isEmpty());
            assertNull(registry.services.get(GW));
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "condition not met within 5 s");
    }
}
