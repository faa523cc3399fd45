package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * XEP-0045 across servers, the same against every MUC service: an owner creates an instant room, a guest of
 * another server joins it, each sees the other (§7.2.3), groupchat goes both ways and the room reflects the
 * guest's message (§7.4), and the owner sees the guest leave (§7.14). Nicks are the users' local parts.
 */
final class FederationRoom {
    final MultiUserChat atOwner;
    final MultiUserChat atGuest;
    final EntityFullJid ownerInRoom;
    final EntityFullJid guestInRoom;
    final BlockingQueue<Message> ownerSees = new LinkedBlockingQueue<>();
    final BlockingQueue<Message> guestSees = new LinkedBlockingQueue<>();
    private final Supplier<String> diagnostics;

    private FederationRoom(XMPPTCPConnection owner, XMPPTCPConnection guest, EntityBareJid room,
            Supplier<String> diagnostics) throws Exception {
        this.diagnostics = diagnostics;
        String ownerNick = owner.getUser().getLocalpart().toString();
        String guestNick = guest.getUser().getLocalpart().toString();
        ownerInRoom = JidCreate.entityFullFrom(room, Resourcepart.from(ownerNick));
        guestInRoom = JidCreate.entityFullFrom(room, Resourcepart.from(guestNick));
        atOwner = MultiUserChatManager.getInstanceFor(owner).getMultiUserChat(room);
        atGuest = MultiUserChatManager.getInstanceFor(guest).getMultiUserChat(room);
        atOwner.addMessageListener(ownerSees::add);
        atGuest.addMessageListener(guestSees::add);
        atOwner.create(Resourcepart.from(ownerNick)).makeInstant();
        atGuest.join(Resourcepart.from(guestNick));
    }

    /** Creates the room, lets the guest in, and checks presence and groupchat both ways. */
    static FederationRoom meet(XMPPTCPConnection owner, XMPPTCPConnection guest, EntityBareJid room,
            Supplier<String> diagnostics) throws Exception {
        FederationRoom r = new FederationRoom(owner, guest, room, diagnostics);
        assertTrue(r.atGuest.getOccupants().contains(r.ownerInRoom), () -> "the guest does not see the owner: "
                + r.atGuest.getOccupants() + "; " + diagnostics.get());
        FederationScenarios.await("the owner sees the guest join", () -> r.atOwner.getOccupants()
                .contains(r.guestInRoom), diagnostics);

        r.atOwner.sendMessage("welcome, guest");
        Message fromOwner = r.nextBody(r.guestSees, "welcome, guest");
        assertEquals(r.ownerInRoom, fromOwner.getFrom());
        assertEquals(Message.Type.groupchat, fromOwner.getType());

        r.atGuest.sendMessage("thanks, owner");
        Message fromGuest = r.nextBody(r.ownerSees, "thanks, owner");
        assertEquals(r.guestInRoom, fromGuest.getFrom());
        assertEquals(Message.Type.groupchat, fromGuest.getType());
        assertEquals(r.guestInRoom, r.nextBody(r.guestSees, "thanks, owner").getFrom(), "the room reflects it");
        return r;
    }

    /** The guest leaves and the owner sees it. */
    void guestLeaves() throws Exception {
        atGuest.leave();
        FederationScenarios.await("the owner sees the guest leave", () -> !atOwner.getOccupants()
                .contains(guestInRoom), diagnostics);
    }

    /** The next message with {@code body} (skipping others, e.g. the room's subject or history). */
    Message nextBody(BlockingQueue<Message> queue, String body) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FederationScenarios.WAIT_SECONDS);
        for (long left; (left = deadline - System.nanoTime()) > 0;) {
            Message m = queue.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && body.equals(m.getBody())) {
                return m;
            }
        }
        throw new AssertionError("no groupchat message '" + body + "'; " + diagnostics.get());
    }
}
