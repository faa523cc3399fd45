package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.it.Muc.codes;
import static parlance.it.Muc.muc;
import static parlance.it.Muc.nick;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.EntityBareJid;

/**
 * The MUC bundle is an optional feature an admin takes out and puts back at runtime (README, Hot deploy): with two
 * users chatting in a persistent room, deleting {@code <home>/deploy/parlance-muc.jar} removes the service within
 * the 2 s of the hot-deploy contract, tells the occupants (XEP-0045 §15.6.2 status 332, "the service is shutting
 * down") and leaves 1:1 chat untouched; copying the jar back brings the room with its configuration and archive.
 * The timings are printed. The 100-cycle leak run is {@link MucHotDeployLeakIT} (Maven profile {@code leak}).
 */
@Tag("hot-deploy")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MucHotDeployIT {
    static final long CONTRACT_MILLIS = 2000;
    static final String JAR = "parlance-muc.jar";

    @Test
    @DisplayName("removing parlance-muc.jar ends the service (332) but not 1:1 chat; putting it back restores the room")
    void removeAndRestoreWhileChatting() throws Exception {
        try (PrivateServer server = PrivateServer.start("muc-hotdeploy")) {
            Path deployed = server.home().resolve("deploy").resolve(JAR);
            assertTrue(Files.isRegularFile(deployed), "the first start seeds deploy/" + JAR);
            Path spare = server.home().resolve(JAR + ".spare");
            Files.copy(deployed, spare);
            server.register("alice");
            server.register("bob");
            XMPPTCPConnection alice = server.login("alice", "desk");
            XMPPTCPConnection bob = server.login("bob", "phone");
            EntityBareJid room = Muc.newRoom(PrivateServer.DOMAIN, "hot");
            MultiUserChat aliceMuc = MucIT.createConfigured(alice, room, "alice", f -> {
                f.setAnswer(MucIT.ROOMNAME, "Hot room");
                f.setAnswer(MucIT.PERSISTENT, true);
            });
            MultiUserChat bobMuc = muc(bob, room);
            bobMuc.join(nick("bob"));
            MucIT.sendAndAwaitEcho(alice, room, aliceMuc, bobMuc, 4);
            assertOneToOneChat(alice, bob, "before");

            List<Stanza> errors = new CopyOnWriteArrayList<>();
            for (XMPPConnection c : List.of(alice, bob)) {
                c.addSyncStanzaListener(errors::add, s -> s.getError() != null);
            }
            try (Muc.Watch<Presence> a = Muc.Watch.presences(alice, room);
                    Muc.Watch<Presence> b = Muc.Watch.presences(bob, room)) {
                long t0 = System.nanoTime();
                Files.delete(deployed);
                long gone = awaitService(alice, false, CONTRACT_MILLIS, t0);
                long aliceTold = awaitShutdownPresence(a, t0);
                long bobTold = awaitShutdownPresence(b, t0);
                System.out.printf("muc hot deploy: jar deleted -> service gone from disco#items %d ms, "
                        + "occupants told (332) %d ms / %d ms%n", gone, aliceTold, bobTold);
                Clients.await("the clients know they left", () -> !aliceMuc.isJoined() && !bobMuc.isJoined());
            }
            assertOneToOneChat(alice, bob, "while the MUC is away");
            assertEquals(List.of(), errors, "no error reached either client after the MUC left");
            assertRoomAddressAnswersError(alice, room);

            long t1 = System.nanoTime();
            putBack(spare, deployed);
            long back = awaitService(alice, true, CONTRACT_MILLIS, t1);
            System.out.printf("muc hot deploy: jar copied back -> service in disco#items %d ms%n", back);

            RoomInfo info = MultiUserChatManager.getInstanceFor(bob).getRoomInfo(room);
            assertEquals("Hot room", info.getName());
            assertTrue(info.isPersistent());
            long r0 = System.nanoTime();
            aliceMuc.join(nick("alice"));
            bobMuc.join(nick("bob"));
            System.out.printf("muc hot deploy: both rejoined in %d ms%n", (System.nanoTime() - r0) / 1_000_000);
            assertEquals("Hot room", aliceMuc.getConfigurationForm().readFirstValue(MucIT.ROOMNAME));
            List<Message> archived = MucIT.mam(bobMuc)
                    .queryArchive(MamManager.MamQueryArgs.builder().setResultPageSize(10).build()).getMessages();
            assertEquals(List.of("m1", "m2", "m3", "m4"), MucIT.bodies(archived), "the archive came back");
            MucIT.sendAndAwaitEcho(alice, room, aliceMuc, bobMuc, 2);
        }
    }

    /** Copies the jar into deploy/ in one step (a move within the home), so FileInstall never sees half a file. */
    static void putBack(Path spare, Path deployed) throws Exception {
        Path tmp = spare.resolveSibling(JAR + ".tmp");
        Files.copy(spare, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, deployed, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Polls the server's disco#items until the MUC service is (or is not) listed; returns the ms since t0. */
    static long awaitService(XMPPConnection c, boolean present, long withinMillis, long t0) throws Exception {
        String service = Muc.service(PrivateServer.DOMAIN).toString();
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(withinMillis);
        List<String> items = Muc.serverItems(c);
        while (items.contains(service) != present) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the MUC service was " + (present ? "not back" : "still listed") + " in "
                        + withinMillis + " ms: " + items);
            }
            Thread.sleep(20);
            items = Muc.serverItems(c);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long awaitShutdownPresence(Muc.Watch<Presence> w, long t0) throws InterruptedException {
        long left = CONTRACT_MILLIS - (System.nanoTime() - t0) / 1_000_000;
        Presence p = w.next("an unavailable presence with status 332",
                x -> x.getType() == Presence.Type.unavailable && codes(x).contains(332), Math.max(left, 1));
        assertTrue(codes(p).contains(110), "the occupant's own presence carries 110: " + p.toXML());
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** RFC 6121 §8.5: chat messages both ways between the same two clients arrive. */
    static void assertOneToOneChat(XMPPTCPConnection alice, XMPPTCPConnection bob, String when) throws Exception {
        for (XMPPTCPConnection[] pair : List.of(new XMPPTCPConnection[] {alice, bob},
                new XMPPTCPConnection[] {bob, alice})) {
            BlockingQueue<Message> inbox = Clients.inbox(pair[1]);
            String body = "1:1 " + when + " from " + pair[0].getUser();
            pair[0].sendStanza(pair[0].getStanzaFactory().buildMessageStanza().to(pair[1].getUser())
                    .ofType(Message.Type.chat).setBody(body).build());
            Message m;
            do {
                m = Clients.poll(inbox, "the 1:1 message " + when);
            } while (!body.equals(m.getBody()));
            assertEquals(pair[0].getUser(), m.getFrom());
        }
    }

    /** With the service gone, the router answers for its domain (README, HostedService): an error, not silence. */
    private static void assertRoomAddressAnswersError(XMPPTCPConnection alice, EntityBareJid room) throws Exception {
        try (Muc.Watch<Message> w = Muc.Watch.messages(alice, room)) {
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(room).ofType(Message.Type.groupchat)
                    .setBody("anyone?").build());
            Message error = w.next("the error for a message to the departed service",
                    m -> m.getType() == Message.Type.error);
            assertTrue(Set.of(StanzaError.Condition.service_unavailable, StanzaError.Condition.remote_server_not_found)
                    .contains(error.getError().getCondition()), error.toXML().toString());
        }
    }
}
