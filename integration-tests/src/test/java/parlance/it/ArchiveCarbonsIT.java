package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamElements;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/**
 * Account archives (XEP-0313 with XEP-0059 paging and XEP-0359 stanza-ids) and Message Carbons (XEP-0280) with
 * Smack clients on the packaged server; and the archive's durability when the process is killed with SIGKILL.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ArchiveCarbonsIT {
    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    /** Messages that are no carbons, MAM results or other wrappers: what the user reads. */
    private static BlockingQueue<Message> plainInbox(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> q.add((Message) s), s -> s instanceof Message
                && !s.hasExtension(CarbonExtension.NAMESPACE) && !s.hasExtension("urn:xmpp:mam:2"));
        return q;
    }

    private static BlockingQueue<String> carbons(XMPPTCPConnection c) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        CarbonManager.getInstanceFor(c).addCarbonCopyReceivedListener(
                (direction, copy, wrapper) -> q.add(direction + ":" + copy.getBody()));
        return q;
    }

    private static Message chat(XMPPTCPConnection from, org.jxmpp.jid.Jid to, String body) throws Exception {
        Message m = from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body)
                .build();
        from.sendStanza(m);
        return m;
    }

    @Test
    @Tag("XEP-0280-6")
    @DisplayName("XEP-0280 §6, §7: two resources with carbons see each other's sent and received messages once")
    void twoResourcesSeeSentAndReceivedCopies() throws Exception {
        Clients.Account alice = clients.register();
        XMPPTCPConnection phone = clients.login(alice, "phone");
        XMPPTCPConnection desk = clients.login(alice, "desk");
        XMPPTCPConnection bob = clients.newUser();
        assertTrue(CarbonManager.getInstanceFor(phone).isSupportedByServer(), "disco advertises urn:xmpp:carbons:2");
        CarbonManager.getInstanceFor(phone).enableCarbons();
        CarbonManager.getInstanceFor(desk).enableCarbons();
        BlockingQueue<String> phoneCarbons = carbons(phone);
        BlockingQueue<String> deskCarbons = carbons(desk);
        BlockingQueue<Message> phoneInbox = plainInbox(phone);
        BlockingQueue<Message> bobInbox = plainInbox(bob);

        chat(bob, phone.getUser(), "to the phone");
        assertEquals("to the phone", Clients.poll(phoneInbox, "message at the phone").getBody());
        assertEquals("received:to the phone", poll(deskCarbons, "received carbon at the desk"));

        chat(desk, bob.getUser().asEntityBareJid(), "from the desk");
        assertEquals("from the desk", Clients.poll(bobInbox, "message at bob").getBody());
        assertEquals("sent:from the desk", poll(phoneCarbons, "sent carbon at the phone"));

        chat(bob, alice.jid(), "to both");
        assertEquals("to both", Clients.poll(phoneInbox, "bare-JID message at the phone").getBody());
        assertEquals(null, phoneCarbons.poll(500, TimeUnit.MILLISECONDS), "a resource that got the message gets no copy");
        assertEquals(null, deskCarbons.poll(10, TimeUnit.MILLISECONDS), "no duplicate at the desk either");

        CarbonManager.getInstanceFor(desk).disableCarbons();
        chat(bob, phone.getUser(), "after disable");
        Clients.poll(phoneInbox, "message after disable");
        assertEquals(null, deskCarbons.poll(500, TimeUnit.MILLISECONDS), "disabled: no copy");
    }

    @Test
    @Tag("XEP-0313-4")
    @DisplayName("XEP-0313 §4, XEP-0359: a conversation is in the archive, paged, and the stanza-ids are the archive ids")
    void conversationIsArchivedWithPagingAndStanzaIds() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid aliceBare = alice.getUser().asEntityBareJid();
        EntityBareJid bobBare = bob.getUser().asEntityBareJid();
        MamManager bobMam = MamManager.getInstanceFor(bob);
        assertTrue(bobMam.isSupported(), "the account advertises urn:xmpp:mam:2");
        BlockingQueue<Message> bobInbox = plainInbox(bob);
        BlockingQueue<Message> aliceInbox = plainInbox(alice);

        List<String> stanzaIds = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            chat(alice, bobBare, "a" + i);
            Message got = Clients.poll(bobInbox, "message a" + i);
            StanzaIdElement sid = StanzaIdElement.getStanzaId(got);
            assertNotNull(sid, "a received message carries a stanza-id");
            assertEquals(bobBare.toString(), sid.getBy());
            stanzaIds.add(sid.getId());
            chat(bob, aliceBare, "b" + i);
            Clients.poll(aliceInbox, "message b" + i);
        }

        MamManager.MamQuery page = bobMam.queryArchive(MamManager.MamQueryArgs.builder()
                .limitResultsToJid(aliceBare).setResultPageSizeTo(4).build());
        List<String> bodies = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        collect(page, bodies, ids);
        assertFalse(page.isComplete());
        while (!page.isComplete()) {
            page.pageNext(4);
            collect(page, bodies, ids);
        }
        assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4", "a5", "b5"), bodies);
        for (int i = 0; i < 5; i++) {
            assertEquals(stanzaIds.get(i), ids.get(2 * i), "stanza-id of a" + (i + 1) + " is its archive id");
        }

        MamManager aliceMam = MamManager.getInstanceFor(alice);
        assertTrue(aliceMam.isSupported()); // Smack learns the MAM namespace version from disco here
        MamManager.MamQuery last = aliceMam.queryMostRecentPage(bobBare, 3);
        List<String> lastBodies = new ArrayList<>();
        collect(last, lastBodies, new ArrayList<>());
        assertEquals(List.of("b4", "a5", "b5"), lastBodies, "the last page of alice's archive");
    }

    private static void collect(MamManager.MamQuery page, List<String> bodies, List<String> ids) {
        for (MamElements.MamResultExtension r : page.getMamResultExtensions()) {
            bodies.add(((Message) r.getForwarded().getForwardedStanza()).getBody());
            ids.add(r.getId());
        }
    }

    private static String poll(BlockingQueue<String> q, String what) throws InterruptedException {
        String s = q.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no " + what + " within " + Clients.TIMEOUT_MILLIS + " ms");
        }
        return s;
    }

    @Test
    @Tag("XEP-0313-3")
    @DisplayName("Derby durability: messages the recipient received are in both archives after kill -9")
    void archiveSurvivesKillMinus9() throws Exception {
        Path work = Distribution.freshDir("archive-cwd");
        Path home = Distribution.freshDir("archive-home");
        String[] props = {"parlance.registration=open", "parlance.c2s.registrations.per.ip.per.hour=0"};
        EntityBareJid bobJid = JidCreate.entityBareFrom("bob@localhost");
        EntityBareJid aliceJid = JidCreate.entityBareFrom("alice@localhost");
        try (ServerProcess server = ServerProcess.start(work, home, props)) {
            server.awaitLine("Parlance ready", 60_000);
            register(server, "alice");
            register(server, "bob");
            XMPPTCPConnection alice = login(server, "alice");
            XMPPTCPConnection bob = login(server, "bob");
            BlockingQueue<Message> inbox = plainInbox(bob);
            for (int i = 0; i < 20; i++) {
                chat(alice, bobJid, "durable " + i);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("durable " + i, Clients.poll(inbox, "message " + i).getBody());
            }
            server.process().toHandle().destroyForcibly();
            assertTrue(server.process().waitFor(10, TimeUnit.SECONDS), "killed");
        }
        try (ServerProcess again = ServerProcess.start(work, home, props)) {
            again.awaitLine("Parlance ready", 60_000);
            XMPPTCPConnection bob = login(again, "bob");
            assertTrue(MamManager.getInstanceFor(bob).isSupported());
            MamManager.MamQuery bobArchive = MamManager.getInstanceFor(bob).queryArchive(MamManager.MamQueryArgs
                    .builder().limitResultsToJid(aliceJid).setResultPageSizeTo(50).build());
            List<String> bodies = new ArrayList<>();
            collect(bobArchive, bodies, new ArrayList<>());
            assertEquals(20, bodies.size(), "every delivered message is in the recipient's archive");
            assertEquals("durable 19", bodies.get(19));
            XMPPTCPConnection alice = login(again, "alice");
            assertTrue(MamManager.getInstanceFor(alice).isSupported());
            MamManager.MamQuery aliceArchive = MamManager.getInstanceFor(alice).queryArchive(MamManager.MamQueryArgs
                    .builder().limitResultsToJid(bobJid).setResultPageSizeTo(50).build());
            assertEquals(20, aliceArchive.getMessageCount(), "and in the sender's, written before routing");
            bob.disconnect();
            alice.disconnect();
        }
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
        try (InputStream in = Files.newInputStream(server.home().resolve("etc/tls/localhost.crt"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost")
                .setHostAddress(InetAddress.getByName("127.0.0.1"))
                .setPort(server.port("c2s.port"))
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(new X509TrustManager() {
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {
                        throw new UnsupportedOperationException();
                    }

                    public void checkServerTrusted(X509Certificate[] chain, String authType)
                            throws java.security.cert.CertificateException {
                        if (chain.length == 0 || !chain[0].equals(cert)) {
                            throw new java.security.cert.CertificateException("not the server's certificate");
                        }
                    }

                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[] {cert};
                    }
                })
                .setConnectTimeout(5000)
                .build();
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        c.setReplyTimeout(5000);
        c.connect();
        return c;
    }
}
