package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * RFC 6121 §8 (message routing) and what surrounds it for a user: offline storage (XEP-0160) and account
 * management by in-band registration (XEP-0077), with Smack users on the packaged server.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class XmppMessagesIT {
    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    @Tag("RFC6121-8.5.3")
    @DisplayName("RFC 6121 §8.5.3.1: a message to a full JID reaches only that resource")
    void messageToFullJid() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        Clients.Account bob = clients.register();
        XMPPTCPConnection b1 = clients.login(bob, "one");
        XMPPTCPConnection b2 = clients.login(bob, "two");
        BlockingQueue<Message> in1 = Clients.inbox(b1);
        BlockingQueue<Message> in2 = Clients.inbox(b2);
        a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(b2.getUser()).setBody("for two").build());
        Message m = Clients.poll(in2, "message at resource two");
        assertEquals("for two", m.getBody());
        assertEquals(a.getUser(), m.getFrom(), "from is the sender's full JID");
        assertNull(in1.poll(500, TimeUnit.MILLISECONDS), "resource one got a message for resource two");
    }

    @Test
    @Tag("RFC6121-8.5.2")
    @DisplayName("RFC 6121 §8.5.2.1.1: a chat message to the bare JID goes to the highest priority, never a negative one")
    void messageToBareJidGoesToHighestPriority() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        Clients.Account bob = clients.register();
        XMPPTCPConnection high = clients.login(bob, "high");
        XMPPTCPConnection low = clients.login(bob, "low");
        XMPPTCPConnection negative = clients.login(bob, "negative");
        setPriority(high, 5);
        setPriority(low, 1);
        setPriority(negative, -1);
        BlockingQueue<Message> inHigh = Clients.inbox(high);
        BlockingQueue<Message> inNegative = Clients.inbox(negative);
        a.sendStanza(a.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(bob.jid())
                .setBody("to the bare jid").build());
        assertEquals("to the bare jid", Clients.poll(inHigh, "message at the priority-5 resource").getBody());
        assertNull(inNegative.poll(500, TimeUnit.MILLISECONDS), "a negative-priority resource got a bare-JID message");
    }

    private static void setPriority(XMPPTCPConnection c, int priority) throws Exception {
        c.sendStanza(c.getStanzaFactory().buildPresenceStanza().setPriority(priority).build());
        // the session's stanzas are processed in order: once the ping is answered the presence is in effect
        assertTrue(PingManager.getInstanceFor(c).pingMyServer(false, Clients.TIMEOUT_MILLIS));
    }

    @Test
    @Tag("XEP-0160")
    @DisplayName("XEP-0160 / XEP-0203: a message to an offline user is delivered at next login with a delay stamp")
    void offlineMessageDeliveredWithDelay() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        Clients.Account bob = clients.register();
        String body = "while you were out " + UUID.randomUUID();
        long before = System.currentTimeMillis();
        a.sendStanza(a.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(bob.jid()).setBody(body).build());
        assertTrue(PingManager.getInstanceFor(a).pingMyServer(false, Clients.TIMEOUT_MILLIS));
        Thread.sleep(300); // storage is asynchronous; give it a moment before bob appears

        XMPPTCPConnection b = clients.connect(Clients.config(cfg -> cfg.setUsernameAndPassword(bob.username, bob.password)));
        BlockingQueue<Message> inbox = Clients.inbox(b);
        b.login();
        Message m = Clients.poll(inbox, "the offline message");
        assertEquals(body, m.getBody());
        assertEquals(a.getUser().asBareJid(), m.getFrom().asBareJid());
        DelayInformation delay = DelayInformation.from(m);
        assertNotNull(delay, "no XEP-0203 delay element: " + m.toXML());
        assertTrue(Math.abs(delay.getStamp().getTime() - before) < 60_000, "stamp " + delay.getStamp());
        assertNull(inbox.poll(500, TimeUnit.MILLISECONDS), "delivered twice");
    }

    @Test
    @Tag("RFC6121-8.5.2.2")
    @DisplayName("RFC 6121 §8.5.1: a message to a local user that does not exist comes back as service-unavailable")
    void messageToUnknownLocalUser() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        Jid nobody = JidCreate.entityBareFrom("nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@" + SharedServer.DOMAIN);
        BlockingQueue<Message> inbox = Clients.inbox(a);
        a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(nobody).setBody("anyone?").build());
        Message m = Clients.poll(inbox, "the error reply");
        assertEquals(Message.Type.error, m.getType());
        assertEquals(nobody, m.getFrom());
        assertEquals(StanzaError.Condition.service_unavailable, m.getError().getCondition());
    }

    @Test
    @Tag("XEP-0077")
    @DisplayName("XEP-0077 §3.3/§3.2: a changed password replaces the old one; a removed account cannot log in")
    void passwordChangeAndAccountRemoval() throws Exception {
        Clients.Account alice = clients.register();
        XMPPTCPConnection c = clients.login(alice);
        String newPassword = "new-" + UUID.randomUUID();
        AccountManager.getInstance(c).changePassword(newPassword);
        c.disconnect();

        SASLErrorException old = assertThrows(SASLErrorException.class, () -> clients.login(alice));
        assertEquals("not-authorized", old.getSASLFailure().getSASLErrorString());
        XMPPTCPConnection again = clients.login(alice.withPassword(newPassword));
        assertTrue(again.isAuthenticated());

        AccountManager.getInstance(again).deleteAccount();
        SASLErrorException removed = assertThrows(SASLErrorException.class,
                () -> clients.login(alice.withPassword(newPassword)));
        assertEquals("not-authorized", removed.getSASLFailure().getSASLErrorString());
    }

    @Test
    @Tag("RFC6120-10.1")
    @DisplayName("RFC 6120 §10.1: 500 messages sent in a burst arrive complete and in order")
    void burstArrivesInOrder() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        XMPPTCPConnection b = clients.newUser();
        BlockingQueue<Message> inbox = Clients.inbox(b);
        int n = 500;
        for (int i = 0; i < n; i++) {
            a.sendStanza(a.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(b.getUser())
                    .setBody("m" + i).build());
        }
        for (int i = 0; i < n; i++) {
            assertEquals("m" + i, Clients.poll(inbox, "message " + i).getBody());
        }
    }

    @Test
    @Tag("XEP-0077")
    @DisplayName("XEP-0077 §3.1: registering a taken username fails with conflict")
    void registeringTakenNameFails() throws Exception {
        Clients.Account taken = clients.register();
        XMPPException.XMPPErrorException conflict = assertThrows(XMPPException.XMPPErrorException.class,
                () -> clients.register(taken.username));
        assertEquals(StanzaError.Condition.conflict, conflict.getStanzaError().getCondition());
        assertTrue(clients.login(taken).isAuthenticated(), "the first owner keeps the account and password");
    }
}
