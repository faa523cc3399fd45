package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.Occupant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Multi-user chat across domains with Parlance on both sides: a user of {@code a.test} takes part in a room of
 * {@code conference.b.test}, the MUC service of another Parlance (XEP-0045 over RFC 6120 s2s). The rooms' service
 * reaches the remote occupant from its own domain ({@code conference.b.test} to {@code a.test}, a stream of its
 * own authenticated by dialback, XEP-0220), and the remote user's server delivers the room's stanzas like any
 * other. Each server reaches the other by static routes on free ports (self-signed certificates, {@code secure}
 * off), so nothing here needs port 5269 or DNS.
 */
class FederationMucIT {
    private static final String A = "a.test";
    private static final String B = "b.test";
    private static final String MUC = "conference." + B;
    private static FederationParlance a;
    private static FederationParlance b;

    @BeforeAll
    static void start() throws Exception {
        int aPort = Distribution.freePort();
        int bPort = Distribution.freePort();
        a = FederationParlance.start("federation-a", A, null, null, "parlance.s2s.port=" + aPort,
                "parlance.s2s.secure=false",
                "parlance.s2s.routes=" + B + "=127.0.0.1:" + bPort + "," + MUC + "=127.0.0.1:" + bPort);
        b = FederationParlance.start("federation-b", B, null, null, "parlance.s2s.port=" + bPort,
                "parlance.s2s.secure=false", "parlance.s2s.routes=" + A + "=127.0.0.1:" + aPort);
        a.register("alice");
        b.register("bob");
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static String diagnostics() {
        return "a.test output:\n" + FederationIT.tail(a.process().output()) + "\nb.test output:\n"
                + FederationIT.tail(b.process().output());
    }

    /**
     * bob creates a room on b.test; alice of a.test joins it and is seen with her real address (the room is
     * non-anonymous for its owner), groupchat goes both ways with the room's reflection, a private message goes to
     * her occupant address (XEP-0045 §7.5), and her leaving is seen.
     */
    @Test
    void aRemoteUserTakesPartInARoom() throws Exception {
        XMPPTCPConnection bob = b.login("bob", "desk");
        XMPPTCPConnection alice = a.login("alice", "phone");
        EntityBareJid room = JidCreate.entityBareFrom("lobby@" + MUC);
        MultiUserChat atBob = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(room);
        atBob.create(Resourcepart.from("bob")).makeInstant();
        BlockingQueue<Message> bobSees = new LinkedBlockingQueue<>();
        atBob.addMessageListener(bobSees::add);

        MultiUserChat atAlice = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
        BlockingQueue<Message> aliceSees = new LinkedBlockingQueue<>();
        atAlice.addMessageListener(aliceSees::add);
        atAlice.join(Resourcepart.from("alice"));
        EntityFullJid bobInRoom = JidCreate.entityFullFrom(room, Resourcepart.from("bob"));
        EntityFullJid aliceInRoom = JidCreate.entityFullFrom(room, Resourcepart.from("alice"));
        assertTrue(atAlice.getOccupants().contains(bobInRoom), () -> "alice does not see bob: "
                + atAlice.getOccupants() + "; " + diagnostics());
        FederationScenarios.await("bob sees alice join", () -> atBob.getOccupants().contains(aliceInRoom),
                FederationMucIT::diagnostics);
        Occupant aliceAsSeen = atBob.getOccupant(aliceInRoom);
        assertEquals(alice.getUser(), aliceAsSeen.getJid(), "the owner sees alice's real address");

        atBob.sendMessage("welcome from b.test");
        Message fromBob = nextBody(aliceSees, "welcome from b.test");
        assertEquals(bobInRoom, fromBob.getFrom());
        assertEquals(Message.Type.groupchat, fromBob.getType());

        atAlice.sendMessage("hello from a.test");
        assertEquals(aliceInRoom, nextBody(bobSees, "hello from a.test").getFrom());
        assertEquals(aliceInRoom, nextBody(aliceSees, "hello from a.test").getFrom(), "the room reflects it");

        BlockingQueue<Stanza> alicePrivate = new LinkedBlockingQueue<>();
        alice.addAsyncStanzaListener(alicePrivate::add, s -> s instanceof Message m && m.getType() == Message.Type.chat
                && "just for you".equals(m.getBody()));
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(aliceInRoom).ofType(Message.Type.chat)
                .setBody("just for you").build());
        Stanza privately = alicePrivate.poll(FederationScenarios.WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(privately != null, () -> "no private message through the room; " + diagnostics());
        assertEquals(bobInRoom, privately.getFrom(), "a private message comes from the sender's occupant address");

        atAlice.leave();
        FederationScenarios.await("bob sees alice leave", () -> !atBob.getOccupants().contains(aliceInRoom),
                FederationMucIT::diagnostics);
    }

    private static Message nextBody(BlockingQueue<Message> queue, String body) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FederationScenarios.WAIT_SECONDS);
        for (long left; (left = deadline - System.nanoTime()) > 0;) {
            Message m = queue.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && body.equals(m.getBody())) {
                return m;
            }
        }
        throw new AssertionError("no groupchat message '" + body + "'; " + diagnostics());
    }
}
