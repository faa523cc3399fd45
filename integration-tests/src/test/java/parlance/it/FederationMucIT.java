package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

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
        // both start at once (each knows the other's port beforehand)
        CompletableFuture<FederationParlance> startingB = CompletableFuture.supplyAsync(() -> {
            try {
                return FederationParlance.start("federation-b", B, null, null, "parlance.s2s.port=" + bPort,
                        "parlance.s2s.secure=false", "parlance.s2s.routes=" + A + "=127.0.0.1:" + aPort);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        try {
            a = FederationParlance.start("federation-a", A, null, null, "parlance.s2s.port=" + aPort,
                    "parlance.s2s.secure=false",
                    "parlance.s2s.routes=" + B + "=127.0.0.1:" + bPort + "," + MUC + "=127.0.0.1:" + bPort);
        } finally {
            b = startingB.join();
        }
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
        FederationRoom room = FederationRoom.meet(bob, alice, JidCreate.entityBareFrom("lobby@" + MUC),
                FederationMucIT::diagnostics);
        assertEquals(alice.getUser(), room.atOwner.getOccupant(room.guestInRoom).getJid(),
                "the owner sees alice's real address");

        BlockingQueue<Stanza> alicePrivate = new LinkedBlockingQueue<>();
        alice.addAsyncStanzaListener(alicePrivate::add, s -> s instanceof Message m && m.getType() == Message.Type.chat
                && "just for you".equals(m.getBody()));
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(room.guestInRoom).ofType(Message.Type.chat)
                .setBody("just for you").build());
        Stanza privately = alicePrivate.poll(FederationScenarios.WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(privately != null, () -> "no private message through the room; " + diagnostics());
        assertEquals(room.ownerInRoom, privately.getFrom(), "a private message comes from the sender's occupant "
                + "address");
        room.guestLeaves();
    }
}
