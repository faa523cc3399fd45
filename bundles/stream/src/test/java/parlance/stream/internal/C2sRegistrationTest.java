package parlance.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;
import parlance.disco.Registration;
import parlance.disco.internal.InBandRegistration;

/**
 * XEP-0077 §3.1 in-band registration before authentication over real sockets, with the disco bundle's real
 * {@link Registration} over a fake account store; plus the RFC 6121 stream features after authentication.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class C2sRegistrationTest {
    static final String FEATURE = "http://jabber.org/features/iq-register";
    @TempDir
    Path home;
    final Fakes.Accounts accounts = new Fakes.Accounts();
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(String registration, int perIp) throws Exception {
        Registration r = registration == null ? null : new InBandRegistration(accounts, config(registration));
        server = new TestServer(home, new StreamSettings(262144, 5, 0, 60), 0, 0, r, perIp);
        return server;
    }

    private static InBandRegistration.Config config(String value) {
        return new InBandRegistration.Config() {
            @Override
            public String registration() {
                return value;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return InBandRegistration.Config.class;
            }
        };
    }

    private static boolean offersRegistration(Element features) {
        return features.element(QName.get("register", FEATURE)) != null;
    }

    private static String get(String id) {
        return "<iq type='get' id='" + id + "' to='example.org'><query xmlns='jabber:iq:register'/></iq>";
    }

    private static String set(String id, String user, String password) {
        return "<iq type='set' id='" + id + "' to='example.org'><query xmlns='jabber:iq:register'><username>" + user
                + "</username><password>" + password + "</password></query></iq>";
    }

    private static String errorCondition(Element iq) {
        assertEquals("error", iq.attributeValue("type"), iq.asXML());
        Element error = iq.element("error");
        for (Object o : error.elements()) {
            Element c = (Element) o;
            if (StanzaError.NAMESPACE.equals(c.getNamespaceURI()) && !"text".equals(c.getName())) {
                return c.getName();
            }
        }
        throw new AssertionError("no condition in " + iq.asXML());
    }

    /** XEP-0077 §8: the feature only over TLS, and only while registration is open. */
    @Test
    void theRegisterFeatureIsOfferedOnlyWhenOpenAndSecure() throws Exception {
        start("open", 0);
        try (TestClient c = server.client()) {
            assertFalse(offersRegistration(c.open()), "never before TLS");
            Element afterTls = c.startTls(server.cert());
            assertTrue(offersRegistration(afterTls), afterTls.asXML());
            assertNotNull(afterTls.element(QName.get("mechanisms", Namespaces.SASL)), "SASL is offered alongside");
        }
        try (TestClient c = TestClient.directTls(server.tlsPort, TestServer.DOMAIN, server.cert())) {
            assertTrue(offersRegistration(c.open()), "direct TLS (XEP-0368) is secure from the start");
        }
        server.registration = new InBandRegistration(accounts, config("closed"));
        try (TestClient c = server.client()) {
            c.open();
            assertFalse(offersRegistration(c.startTls(server.cert())), "closed registration is not advertised");
        }
        server.registration = null;
        try (TestClient c = server.client()) {
            c.open();
            assertFalse(offersRegistration(c.startTls(server.cert())), "no registration service, no feature");
        }
    }

    /** XEP-0077 §3.1 steps 1-2: the get returns the fields to fill, from the server. */
    @Test
    void aGetReturnsTheRegistrationForm() throws Exception {
        start("open", 0);
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            c.send(get("reg1"));
            Element result = c.element();
            assertEquals("result", result.attributeValue("type"), result.asXML());
            assertEquals("reg1", result.attributeValue("id"));
            assertEquals("example.org", result.attributeValue("from"));
            Element query = result.element(QName.get("query", Namespaces.REGISTER));
            assertNotNull(query, result.asXML());
            assertNotNull(query.element(QName.get("username", Namespaces.REGISTER)));
            assertNotNull(query.element(QName.get("password", Namespaces.REGISTER)));
        }
    }

    /** XEP-0077 §3.1 steps 3-4 as Smack does them: register, then log in and bind on the same stream. */
    @Test
    void aSetCreatesTheAccountAndTheClientCanThenLogIn() throws Exception {
        start("open", 0);
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            c.send(set("reg2", "Bill", "secret"));
            Element result = c.element();
            assertEquals("result", result.attributeValue("type"), result.asXML());
            assertEquals("reg2", result.attributeValue("id"));
            assertEquals("secret", accounts.passwords.get("bill"));

            assertEquals("success", c.authPlain("bill", "secret").getName());
            c.open();
            c.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            Element bound = c.element();
            assertEquals("result", bound.attributeValue("type"), bound.asXML());
        }
    }

    /** Reading pauses while the account is created: an {@code <auth/>} pipelined behind the set waits its turn. */
    @Test
    void anAuthPipelinedBehindTheRegistrationIsAnsweredAfterIt() throws Exception {
        start("open", 0);
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            c.send(set("reg3", "pipelined", "secret")
                    + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHBpcGVsaW5lZABzZWNyZXQ=</auth>");
            Element result = c.element();
            assertEquals("iq", result.getName(), result.asXML());
            assertEquals("result", result.attributeValue("type"), result.asXML());
            assertEquals("success", c.element().getName());
        }
    }

    /** XEP-0077 §3.1: a taken username is a conflict; the stream stays usable; the password is not echoed. */
    @Test
    void aTakenUsernameIsAConflict() throws Exception {
        start("open", 0);
        accounts.passwords.put("juliet", "old");
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            c.send(set("reg4", "juliet", "s3cr3t-value"));
            Element error = c.element();
            assertEquals("conflict", errorCondition(error));
            assertEquals("reg4", error.attributeValue("id"));
            assertFalse(error.asXML().contains("s3cr3t-value"), error.asXML());
            assertEquals("old", accounts.passwords.get("juliet"));

            c.send(set("reg5", "", "x"));
            assertEquals("not-acceptable", errorCondition(c.element()));
            c.send(set("reg6", "romeo", "secret"));
            assertEquals("result", c.element().attributeValue("type"));
        }
    }

    /** XEP-0077 §12: no registration over a plaintext stream; STARTTLS still works afterwards. */
    @Test
    void registrationIsRefusedBeforeTls() throws Exception {
        start("open", 0);
        try (TestClient c = server.client()) {
            c.open();
            c.send(set("reg7", "eve", "secret"));
            Element error = c.element();
            assertEquals("not-authorized", errorCondition(error));
            assertTrue(accounts.passwords.isEmpty());
            c.send(get("reg8"));
            assertEquals("not-authorized", errorCondition(c.element()));
            assertTrue(offersRegistration(c.startTls(server.cert())));
        }
    }

    /** Closed registration: not-allowed for a set, service-unavailable without any registration service. */
    @Test
    void closedOrAbsentRegistrationIsRefusedWithAStanzaError() throws Exception {
        start("closed", 0);
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            c.send(set("reg9", "eve", "secret"));
            assertEquals("not-allowed", errorCondition(c.element()));
            server.registration = null;
            c.send(get("reg10"));
            assertEquals("service-unavailable", errorCondition(c.element()));
        }
        assertTrue(accounts.passwords.isEmpty());
    }

    /** Only the register IQ is allowed before authentication (RFC 6120 §4.9.3.12). */
    @Test
    void otherStanzasBeforeAuthenticationStillEndTheStream() throws Exception {
        start("open", 0);
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            c.send("<iq type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>");
            assertEquals("not-authorized", c.streamError());
        }
    }

    /** Accounts per address are capped; failed attempts do not use up the allowance. */
    @Test
    void registrationsPerAddressAreLimited() throws Exception {
        start("open", 2);
        accounts.passwords.put("taken", "x");
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            c.send(set("r1", "taken", "secret"));
            assertEquals("conflict", errorCondition(c.element()));
            c.send(set("r2", "first", "secret"));
            assertEquals("result", c.element().attributeValue("type"));
        }
        try (TestClient c = server.client()) {
            c.open();
            c.startTls(server.cert());
            c.send(set("r3", "second", "secret"));
            assertEquals("result", c.element().attributeValue("type"));
            c.send(set("r4", "third", "secret"));
            Element refused = c.element();
            assertEquals("resource-constraint", errorCondition(refused));
            assertEquals("wait", refused.element("error").attributeValue("type"));
            c.send(get("r5"));
            assertEquals("result", c.element().attributeValue("type"), "asking for the form is not limited");
        }
        assertNull(accounts.passwords.get("third"));
        assertEquals(3, accounts.passwords.size());
    }

    /** RFC 6121 §2.6.1 and §3.4.1: roster versioning and pre-approval are announced after authentication. */
    @Test
    void rosterVersioningAndPreApprovalAreAdvertisedAfterAuthentication() throws Exception {
        start(null, 0);
        try (TestClient c = server.client()) {
            Element before = c.open();
            assertNull(before.element(QName.get("ver", "urn:xmpp:features:rosterver")));
            c.startTls(server.cert());
            assertEquals("success", c.authPlain("juliet", "secret").getName());
            Element after = c.open();
            assertNotNull(after.element(QName.get("ver", "urn:xmpp:features:rosterver")), after.asXML());
            assertNotNull(after.element(QName.get("sub", "urn:xmpp:features:pre-approval")), after.asXML());
            assertNotNull(after.element(QName.get("bind", Namespaces.BIND)), after.asXML());
        }
    }

    /** XEP-0368 §3: ALPN xmpp-client is selected on the direct TLS port; clients without ALPN still connect. */
    @Test
    void directTlsNegotiatesAlpnXmppClient() throws Exception {
        start(null, 0);
        try (TestClient c = TestClient.directTls(server.tlsPort, TestServer.DOMAIN, server.cert(), "xmpp-client")) {
            assertEquals("xmpp-client", c.ssl().getApplicationProtocol());
            assertNotNull(c.open().element(QName.get("mechanisms", Namespaces.SASL)));
        }
        try (TestClient c = TestClient.directTls(server.tlsPort, TestServer.DOMAIN, server.cert())) {
            String none = c.ssl().getApplicationProtocol();
            assertTrue(none == null || none.isEmpty(), none);
            assertNotNull(c.open().element(QName.get("mechanisms", Namespaces.SASL)));
        }
    }
}
