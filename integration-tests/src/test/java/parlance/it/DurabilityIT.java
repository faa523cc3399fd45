package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/**
 * Nothing acknowledged is lost when the server process is killed with SIGKILL: a roster change the client saw
 * confirmed (RFC 6121 §2.3: the IQ result is sent once the item is stored) and a message stored offline for an
 * absent user (XEP-0160) are there after a restart on the same home.
 */
@Tag("RFC6121-2.3")
@Timeout(120)
class DurabilityIT {
    private static final String DOMAIN = "localhost";

    @Test
    void rosterChangeAndOfflineMessageSurviveKillMinus9() throws Exception {
        Path work = Distribution.freshDir("durability-cwd");
        Path home = Distribution.freshDir("durability-home");
        String[] props = {"parlance.registration=open", "parlance.c2s.registrations.per.ip.per.hour=0"};
        BareJid carol = JidCreate.bareFrom("carol@" + DOMAIN);
        // 1. a roster item, killed the moment the server confirmed it
        try (ServerProcess server = ServerProcess.start(work, home, props)) {
            server.awaitLine("Parlance ready", 60_000);
            register(server, "alice");
            register(server, "bob");
            XMPPTCPConnection alice = login(server, "alice");
            Roster.getInstanceFor(alice).createItem(carol, "Carol", new String[] {"Friends"}); // waits for the result
            kill9(server);
        }
        // 2. a message for an absent user: RFC 6121 has no acknowledgement for offline storage, so an IQ round trip
        // after it and a short settle give its asynchronous write time to commit before the kill
        try (ServerProcess server = ServerProcess.start(work, home, props)) {
            server.awaitLine("Parlance ready", 60_000);
            XMPPTCPConnection alice = login(server, "alice");
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("bob@" + DOMAIN))
                    .ofType(Message.Type.chat).setBody("kept across a crash").build());
            Roster.getInstanceFor(alice).reloadAndWait();
            Thread.sleep(1000);
            kill9(server);
        }
        try (ServerProcess again = ServerProcess.start(work, home, props)) {
            again.awaitLine("Parlance ready", 60_000);
            XMPPTCPConnection alice = login(again, "alice");
            Roster roster = Roster.getInstanceFor(alice);
            roster.reloadAndWait();
            RosterEntry entry = roster.getEntry(carol);
            assertNotNull(entry, "the acknowledged roster item survived kill -9");
            assertEquals("Carol", entry.getName());
            alice.disconnect();

            XMPPTCPConnection bob = connect(again);
            BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
            bob.addAsyncStanzaListener(s -> inbox.add((Message) s), s -> s instanceof Message);
            bob.login("bob", "pw-bob");
            Message delivered = inbox.poll(10, TimeUnit.SECONDS);
            assertNotNull(delivered, "the offline message survived kill -9");
            assertEquals("kept across a crash", delivered.getBody());
            bob.disconnect();
        }
    }

    private static void kill9(ServerProcess server) throws InterruptedException {
        server.process().toHandle().destroyForcibly();
        assertTrue(server.process().waitFor(10, TimeUnit.SECONDS), "killed");
    }

    private static void register(ServerProcess server, String user) throws Exception {
        XMPPTCPConnection c = connect(server);
        try {
            AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
            AccountManager.getInstance(c).createAccount(Localpart.from(user), "pw-" + user);
        } finally {
            c.disconnect();
        }
    }

    private static XMPPTCPConnection login(ServerProcess server, String user) throws Exception {
        XMPPTCPConnection c = connect(server);
        c.login(user, "pw-" + user);
        return c;
    }

    private static XMPPTCPConnection connect(ServerProcess server) throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(server.home().resolve("etc/tls/" + DOMAIN + ".crt"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHostAddress(InetAddress.getByName("127.0.0.1"))
                .setPort(server.port("c2s.port"))
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trusting(cert))
                .setConnectTimeout(5000)
                .build();
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        c.setReplyTimeout(5000);
        c.connect();
        return c;
    }

    private static X509TrustManager trusting(X509Certificate expected) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                if (chain.length == 0 || !chain[0].equals(expected)) {
                    throw new java.security.cert.CertificateException("not the server's certificate");
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[] {expected};
            }
        };
    }
}
