package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.admin.ServiceAdministrationManager;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandResult;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.push_notifications.PushNotificationsManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The client extras of the core: Blocking Command (XEP-0191), vCards and vCard avatars (XEP-0054, XEP-0153),
 * Service Administration over Ad-Hoc Commands (XEP-0133, XEP-0050) and Push Notifications (XEP-0357), with Smack's
 * own managers against the packaged server.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientExtrasIT {
    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static Message chat(XMPPTCPConnection from, Jid to, String body) throws Exception {
        Message m = from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body)
                .build();
        from.sendStanza(m);
        return m;
    }

    @Test
    @Tag("XEP-0191-3")
    @DisplayName("XEP-0191 §3.2-§3.5: block, list, enforcement both ways, unblock")
    void blockingCommand() throws Exception {
        Clients.Account alice = clients.register();
        Clients.Account bob = clients.register();
        XMPPTCPConnection a = clients.login(alice);
        XMPPTCPConnection b = clients.login(bob);
        BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(a);
        assertTrue(blocking.isSupportedByServer());
        assertEquals(List.of(), blocking.getBlockList());
        BlockingQueue<Message> aliceInbox = Clients.inbox(a);
        BlockingQueue<Message> bobInbox = Clients.inbox(b);

        blocking.blockContacts(List.of(bob.jid()));
        // Smack's cached list follows the server's push (§3.3), which its listener may apply after the IQ result
        Clients.await("bob on alice's blocklist", () -> {
            try {
                return List.of(bob.jid()).equals(blocking.getBlockList());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        chat(b, alice.jid(), "let me in");
        Message refused = Clients.poll(bobInbox, "service-unavailable for bob");
        assertEquals(Message.Type.error, refused.getType());
        assertEquals(StanzaError.Condition.service_unavailable, refused.getError().getCondition());

        chat(a, bob.jid(), "you are blocked");
        Message own = Clients.poll(aliceInbox, "blocked error for alice");
        assertEquals(StanzaError.Condition.not_acceptable, own.getError().getCondition());
        assertTrue(own.toXML().toString().contains("urn:xmpp:blocking:errors"), own.toXML().toString());
        assertTrue(bobInbox.isEmpty() && aliceInbox.isEmpty());

        blocking.unblockContacts(List.of(bob.jid()));
        chat(b, alice.jid(), "hello again");
        assertEquals("hello again", Clients.poll(aliceInbox, "message after unblock").getBody());
    }

    @Test
    @Tag("XEP-0054-3")
    @DisplayName("XEP-0054 §3 and XEP-0153 §4.1: save, read another's vCard, photo hash in presence broadcasts")
    void vCardAndAvatar() throws Exception {
        Clients.Account alice = clients.register();
        Clients.Account bob = clients.register();
        XMPPTCPConnection a = clients.login(alice, "one");
        XMPPTCPConnection a2 = clients.login(alice, "two");
        XMPPTCPConnection b = clients.login(bob);
        assertTrue(VCardManager.getInstanceFor(a).isSupported(alice.jid()));

        byte[] image = "not really a png".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        VCard card = new VCard();
        card.setFirstName("Alice");
        card.setLastName("Liddell");
        card.setAvatar(image, "image/png");
        VCardManager.getInstanceFor(a).saveVCard(card);

        VCard read = VCardManager.getInstanceFor(b).loadVCard(alice.jid());
        assertEquals("Alice", read.getFirstName());
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(image));
        assertEquals(sha1, read.getAvatarHash());

        BlockingQueue<Presence> seen = new LinkedBlockingQueue<>();
        a2.addSyncStanzaListener(p -> seen.add((Presence) p),
                p -> p instanceof Presence && p.getFrom() != null && p.getFrom().equals(a.getUser()));
        a.sendStanza(a.getStanzaFactory().buildPresenceStanza().setStatus("with avatar").build());
        Presence p = seen.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertNotNull(p, "alice's second resource got no presence broadcast");
        String xml = p.toXML().toString();
        assertTrue(xml.contains("vcard-temp:x:update") && xml.contains(sha1), xml);

        VCard big = new VCard();
        big.setFirstName("x".repeat(70_000));
        assertThrows(org.jivesoftware.smack.XMPPException.XMPPErrorException.class,
                () -> VCardManager.getInstanceFor(a).saveVCard(big));
    }

    @Test
    @Tag("XEP-0133-4")
    @DisplayName("XEP-0050 §2.2, §3.4 and XEP-0133 §4.1, §4.2: an admin lists commands, adds and deletes a user")
    void serviceAdministration() throws Exception {
        XMPPTCPConnection admin = clients.login(new Clients.Account("admin", SharedServer.ADMIN_PASSWORD));
        Jid server = JidCreate.domainBareFrom(SharedServer.DOMAIN);
        DiscoverItems commands = AdHocCommandManager.getInstance(admin).discoverCommands(server);
        assertTrue(commands.getItems().stream().anyMatch(i -> i.getNode().endsWith("#add-user")));

        String name = "adhoc" + System.nanoTime();
        EntityBareJid created = JidCreate.entityBareFrom(name + "@" + SharedServer.DOMAIN);
        ServiceAdministrationManager.getInstanceFor(admin).addUser(created, "pw-adhoc");
        XMPPTCPConnection user = clients.login(new Clients.Account(name, "pw-adhoc"));
        assertTrue(user.isAuthenticated());

        AdHocCommandResult online = AdHocCommandManager.getInstance(admin)
                .getRemoteCommand(server, "http://jabber.org/protocol/admin#get-online-users-num").execute();
        assertTrue(online.isCompleted());
        int count = Integer.parseInt(online.getResponse().getForm().getField("onlineusersnum").getFirstValue());
        assertTrue(count >= 2, "online users: " + count);

        // a non-admin sees no commands and may run none
        assertTrue(AdHocCommandManager.getInstance(user).discoverCommands(server).getItems().isEmpty());
        var e = assertThrows(org.jivesoftware.smack.XMPPException.XMPPErrorException.class,
                () -> ServiceAdministrationManager.getInstanceFor(user).deleteUser(created));
        assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());

        user.disconnect();
        ServiceAdministrationManager.getInstanceFor(admin).deleteUser(created);
        assertThrows(Exception.class, () -> clients.login(new Clients.Account(name, "pw-adhoc")));
    }

    @Test
    @Tag("XEP-0357-7")
    @DisplayName("XEP-0357 §5, §7: an app server gets a summary when a message reaches an offline account")
    void pushNotifications() throws Exception {
        Clients.Account alice = clients.register();
        Clients.Account bob = clients.register();
        XMPPTCPConnection appServer = clients.newUser();
        BlockingQueue<String> publishes = new LinkedBlockingQueue<>();
        appServer.registerIQRequestHandler(new AbstractIqRequestHandler("pubsub", "http://jabber.org/protocol/pubsub",
                IQ.Type.set, IQRequestHandler.Mode.sync) {
            @Override
            public IQ handleIQRequest(IQ request) {
                publishes.add(request.toXML().toString());
                return IQ.createResultIQ(request);
            }
        });

        XMPPTCPConnection a = clients.login(alice);
        PushNotificationsManager push = PushNotificationsManager.getInstanceFor(a);
        assertTrue(push.isSupported());
        assertTrue(push.enable(appServer.getUser(), "device-node", Map.of("secret", "s3cr3t")));
        XMPPTCPConnection b = clients.login(bob);
        chat(b, alice.jid(), "while you are here");
        a.disconnect();
        Thread.sleep(300); // the server notices the closed stream
        chat(b, alice.jid(), "while you are away");

        String publish = publishes.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertNotNull(publish, "the app server got no publish");
        assertTrue(publish.contains("device-node") && publish.contains("urn:xmpp:push:summary")
                && publish.contains("s3cr3t") && publish.contains(b.getUser().toString()), publish);
        assertFalse(publish.contains("while you are away"), "the body is sent only when asked for: " + publish);
        assertTrue(publishes.isEmpty(), "a delivered message made a push");
    }
}
