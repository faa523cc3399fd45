package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.sasl.packet.SaslNonza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.time.EntityTimeManager;
import org.jivesoftware.smackx.time.packet.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * RFC 6120 (XMPP core) as a Smack user meets it on the packaged server: STARTTLS, direct TLS (XEP-0368), SASL
 * mechanisms, resource binding, stanza errors, and the server's own small services (ping, disco, version, time).
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class XmppStreamsIT {
    private final Clients clients = new Clients();

    @BeforeAll
    static void mechanisms() {
        SASLAuthentication.registerSASLMechanism(ScramShaMechanism.sha256());
        SASLAuthentication.registerSASLMechanism(ScramShaMechanism.sha512());
        SASLAuthentication.registerSASLMechanism(ScramShaMechanism.sha256Plus());
    }

    @AfterAll
    static void restoreMechanisms() {
        while (SASLAuthentication.unregisterSASLMechanism(ScramShaMechanism.class.getName())) {
            // one registration per digest
        }
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    @Tag("RFC6120-5.3.1")
    @DisplayName("RFC 6120 §5.3.1: STARTTLS is mandatory, a client that refuses TLS cannot log in")
    void clientWithoutTlsCannotLogIn() throws Exception {
        Clients.Account a = clients.register();
        XMPPTCPConnection c = new XMPPTCPConnection(Clients.config(b -> b.setSecurityMode(SecurityMode.disabled)
                .setUsernameAndPassword(a.username, a.password)));
        c.setReplyTimeout(Clients.TIMEOUT_MILLIS);
        try {
            assertThrows(SmackException.SecurityRequiredByServerException.class, () -> {
                c.connect();
                c.login();
            });
            assertFalse(c.isAuthenticated());
        } finally {
            c.instantShutdown();
        }
    }

    @Test
    @Tag("RFC6120-6.5.3")
    @DisplayName("RFC 6120 §5.3.1/§6.5.3: SASL attempted before STARTTLS fails with encryption-required")
    void saslBeforeTlsIsRefused() throws Exception {
        Clients.Account a = clients.register();
        try (RawClient raw = RawClient.connect()) {
            String features = raw.open();
            assertTrue(features.contains("<starttls") && features.contains("<required"), features);
            assertFalse(features.contains("<mechanisms"), "SASL offered before TLS: " + features);
            String answer = raw.plain(a.username, a.password);
            assertTrue(answer.contains("<encryption-required"), answer);
            assertFalse(answer.contains("<success"), answer);
        }
    }

    @Test
    @Tag("XEP-0368")
    @DisplayName("XEP-0368: direct TLS port offers SASL at once (no STARTTLS) and PLAIN logs in")
    void directTls() throws Exception {
        Clients.Account a = clients.register();
        try (RawClient raw = RawClient.connectDirectTls()) {
            String features = raw.open();
            assertTrue(features.contains("<mechanisms"), features);
            assertFalse(features.contains("<starttls"), "STARTTLS offered inside TLS: " + features);
            String answer = raw.plain(a.username, a.password);
            assertTrue(answer.contains("<success"), answer);
        }
    }

    @Test
    @Tag("RFC6120-6")
    @DisplayName("RFC 6120 §6 / RFC 5802: SCRAM-SHA-1 logs in")
    void scramSha1() throws Exception {
        loginWith("SCRAM-SHA-1");
    }

    @Test
    @Tag("RFC6120-6")
    @DisplayName("RFC 6120 §6 / RFC 7677: SCRAM-SHA-256 logs in and the server signature verifies")
    void scramSha256() throws Exception {
        loginWith("SCRAM-SHA-256");
    }

    @Test
    @Tag("RFC6120-6")
    @DisplayName("RFC 6120 §6: SCRAM-SHA-512 logs in and the server signature verifies")
    void scramSha512() throws Exception {
        loginWith("SCRAM-SHA-512");
    }

    @Test
    @Tag("RFC6120-6")
    @DisplayName("RFC 6120 §6 / RFC 5802 §6, RFC 5929 §4: SCRAM-SHA-256-PLUS with tls-server-end-point logs in")
    void scramSha256Plus() throws Exception {
        loginWith("SCRAM-SHA-256-PLUS");
    }

    @Test
    @Tag("RFC6120-6")
    @DisplayName("RFC 5802 §6: channel binding data of another channel (a man in the middle) is refused")
    void scramPlusWithForeignChannelBindingFails() throws Exception {
        Clients.Account a = clients.register();
        SASLAuthentication.registerSASLMechanism(new ScramShaMechanism.TamperedBinding());
        try {
            SASLErrorException e = assertThrows(SASLErrorException.class,
                    () -> clients.login(a, null, b -> b.addEnabledSaslMechanism("SCRAM-SHA-256-PLUS")));
            assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
        } finally {
            SASLAuthentication.unregisterSASLMechanism(ScramShaMechanism.TamperedBinding.class.getName());
        }
    }

    @Test
    @Tag("RFC6120-6")
    @DisplayName("RFC 6120 §6 / RFC 4616: PLAIN over TLS logs in")
    void plain() throws Exception {
        loginWith("PLAIN");
    }

    private void loginWith(String mechanism) throws Exception {
        Clients.Account a = clients.register();
        XMPPTCPConnection c = clients.login(a, null, b -> b.addEnabledSaslMechanism(mechanism));
        assertTrue(c.isAuthenticated());
        assertEquals(mechanism, c.getUsedSaslMechansism());
        assertEquals(a.jid(), c.getUser().asEntityBareJid());
    }

    @Test
    @Tag("RFC6120-6.5.10")
    @DisplayName("RFC 6120 §6.5.10: a wrong password fails with not-authorized")
    void wrongPassword() throws Exception {
        Clients.Account a = clients.register();
        SASLErrorException e = assertThrows(SASLErrorException.class,
                () -> clients.login(a.withPassword("wrong-" + a.password)));
        assertEquals(SaslNonza.SASLFailure.class, e.getSASLFailure().getClass());
        assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
    }

    @Test
    @Tag("RFC6120-7")
    @DisplayName("RFC 6120 §7.6/§7.7: a chosen resource is bound as asked; without one the server generates one")
    void resourceBinding() throws Exception {
        Clients.Account a = clients.register();
        XMPPTCPConnection chosen = clients.login(a, "balcony");
        assertEquals(a.jid() + "/balcony", chosen.getUser().toString());
        XMPPTCPConnection generated = clients.login(a, null, b -> { });
        String res = generated.getUser().getResourcepart().toString();
        assertFalse(res.isEmpty());
        assertNotEquals(chosen.getUser(), generated.getUser());
    }

    @Test
    @Tag("RFC6120-7.7.2.2")
    @DisplayName("RFC 6120 §7.7.2.2: a second login with the same resource ends the first with a conflict error")
    void resourceConflict() throws Exception {
        Clients.Account a = clients.register();
        XMPPTCPConnection first = clients.login(a, "desk");
        CompletableFuture<Exception> closed = new CompletableFuture<>();
        first.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.complete(e);
            }

            @Override
            public void connectionClosed() {
                closed.complete(null);
            }
        });
        XMPPTCPConnection second = clients.login(a, "desk");
        assertEquals(a.jid() + "/desk", second.getUser().toString());
        Exception e = closed.get(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertTrue(e instanceof XMPPException.StreamErrorException, "first session ended with: " + e);
        assertEquals(StreamError.Condition.conflict, ((XMPPException.StreamErrorException) e).getStreamError().getCondition());
        assertTrue(PingManager.getInstanceFor(second).pingMyServer(false, Clients.TIMEOUT_MILLIS), "second still works");
    }

    @Test
    @Tag("XEP-0199")
    @DisplayName("XEP-0199: the server answers a ping")
    void ping() throws Exception {
        XMPPTCPConnection c = clients.newUser();
        assertTrue(PingManager.getInstanceFor(c).ping(JidCreate.domainBareFrom(SharedServer.DOMAIN), Clients.TIMEOUT_MILLIS));
    }

    @Test
    @Tag("XEP-0030")
    @DisplayName("XEP-0030: disco#info of the server names a server identity and its features")
    void discoInfo() throws Exception {
        XMPPTCPConnection c = clients.newUser();
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(JidCreate.domainBareFrom(SharedServer.DOMAIN));
        assertTrue(info.hasIdentity("server", "im"), "identities: " + info.getIdentities());
        for (String feature : new String[] {"http://jabber.org/protocol/disco#info", "urn:xmpp:ping", "jabber:iq:version",
                "urn:xmpp:time"}) {
            assertTrue(info.containsFeature(feature), feature + " missing in " + info.toXML());
        }
    }

    @Test
    @Tag("XEP-0092")
    @DisplayName("XEP-0092: the server tells its software name and version")
    void version() throws Exception {
        XMPPTCPConnection c = clients.newUser();
        Version v = VersionManager.getInstanceFor(c).getVersion(JidCreate.domainBareFrom(SharedServer.DOMAIN));
        assertNotNull(v.getName());
        assertTrue(v.getName().toLowerCase().contains("parlance"), v.getName());
        assertNotNull(v.getVersion());
    }

    @Test
    @Tag("XEP-0202")
    @DisplayName("XEP-0202: the server tells its time, close to ours")
    void time() throws Exception {
        XMPPTCPConnection c = clients.newUser();
        Time t = EntityTimeManager.getInstanceFor(c).getTime(JidCreate.domainBareFrom(SharedServer.DOMAIN));
        assertNotNull(t.getUtc());
        long skew = Math.abs(t.getTime().getTime() - System.currentTimeMillis());
        assertTrue(skew < 60_000, "server clock " + t.getUtc() + " is " + skew + " ms off");
    }

    @Test
    @Tag("RFC6120-8.4")
    @DisplayName("RFC 6120 §8.4: an IQ nobody handles gets service-unavailable")
    void unknownIq() throws Exception {
        XMPPTCPConnection c = clients.newUser();
        IQ iq = new UnknownIq();
        iq.setTo(JidCreate.domainBareFrom(SharedServer.DOMAIN));
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> c.createStanzaCollectorAndSend(iq).nextResultOrThrow(Clients.TIMEOUT_MILLIS));
        assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition());
    }

    /** {@code <iq type='get'><query xmlns='urn:example:nobody'/></iq>}. */
    static final class UnknownIq extends IQ {
        UnknownIq() {
            super("query", "urn:example:nobody");
            setType(Type.get);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.setEmptyElement();
            return xml;
        }
    }
}
