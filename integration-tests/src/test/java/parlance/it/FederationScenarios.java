package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;

/**
 * What a user notices of federation, run the same way against every peer server: chat messages both ways
 * (RFC 6121 §5) and mutual presence subscriptions with presence both ways, including the unavailable presence of
 * a contact who logs out and the presence a contact gets by probe when the other logs in again (RFC 6121 §3, §4).
 */
final class FederationScenarios {
    static final long WAIT_SECONDS = 20;

    /** Logs a user in again (a new connection, same account). */
    interface Login {
        XMPPTCPConnection login() throws Exception;
    }

    private FederationScenarios() {
    }

    /** A chat message from {@code a} to {@code b}'s bare address, and {@code b}'s reply to {@code a}'s full one. */
    static void messagesBothWays(XMPPTCPConnection a, XMPPTCPConnection b, Supplier<String> diagnostics)
            throws Exception {
        BlockingQueue<Message> atA = inbox(a);
        BlockingQueue<Message> atB = inbox(b);
        a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(b.getUser().asBareJid()).ofType(Message.Type.chat)
                .setBody("hello from " + a.getXMPPServiceDomain()).build());
        Message got = atB.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(got, () -> "no message at " + b.getUser() + "; " + diagnostics.get());
        assertEquals("hello from " + a.getXMPPServiceDomain(), got.getBody());
        assertEquals(a.getUser(), got.getFrom(), "the sender's full address crosses the federation");
        assertEquals(Message.Type.chat, got.getType());

        b.sendStanza(b.getStanzaFactory().buildMessageStanza().to(got.getFrom()).ofType(Message.Type.chat)
                .setBody("re: " + got.getBody()).build());
        Message reply = atA.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(reply, () -> "no reply at " + a.getUser() + "; " + diagnostics.get());
        assertEquals("re: hello from " + a.getXMPPServiceDomain(), reply.getBody());
        assertEquals(b.getUser(), reply.getFrom());
        assertEquals(Message.Type.chat, reply.getType());
    }

    /**
     * {@code a} subscribes to {@code b} and {@code b} to {@code a} (each approves: Smack's accept_all); both rosters
     * end with subscription {@code both} and each sees the other available. Then {@code a} logs out: {@code b} sees
     * it unavailable; {@code a} logs in again: each sees the other available again ({@code a} by its server's probe);
     * then {@code b} logs out: {@code a} sees it unavailable.
     */
    static void subscriptionsAndPresence(XMPPTCPConnection a, Login aAgain, XMPPTCPConnection b,
            Supplier<String> diagnostics) throws Exception {
        BareJid aJid = a.getUser().asBareJid();
        BareJid bJid = b.getUser().asBareJid();
        Roster ra = roster(a);
        Roster rb = roster(b);

        ra.createItemAndRequestSubscription(bJid, "remote contact", null);
        await(a + " subscribed to " + bJid, () -> has(ra, bJid, ItemType.to, ItemType.both), ra, diagnostics);
        await(a + " sees " + bJid + " available", () -> ra.getPresence(bJid).isAvailable(), ra, diagnostics);
        await(b + " has " + aJid + " as a subscriber", () -> has(rb, aJid, ItemType.from, ItemType.both), rb,
                diagnostics);

        rb.createItemAndRequestSubscription(aJid, "remote contact", null);
        await(b + " subscribed to " + aJid, () -> has(rb, aJid, ItemType.both), rb, diagnostics);
        await(a + " has subscription both", () -> has(ra, bJid, ItemType.both), ra, diagnostics);
        await(b + " sees " + aJid + " available", () -> rb.getPresence(aJid).isAvailable(), rb, diagnostics);
        assertEquals(a.getUser(), rb.getPresence(aJid).getFrom(), "the presence comes from the logged-in resource");

        a.disconnect();
        await(b + " sees " + aJid + " unavailable", () -> !rb.getPresence(aJid).isAvailable(), rb, diagnostics);

        XMPPTCPConnection a2 = aAgain.login();
        Roster ra2 = roster(a2);
        await(a2 + " (again) sees " + bJid + " available by probe", () -> ra2.getPresence(bJid).isAvailable(), ra2,
                diagnostics);
        await(b + " sees " + aJid + " available again", () -> rb.getPresence(aJid).isAvailable(), rb, diagnostics);

        b.disconnect();
        await(a2 + " sees " + bJid + " unavailable", () -> !ra2.getPresence(bJid).isAvailable(), ra2, diagnostics);
        a2.disconnect();
    }

    static Roster roster(XMPPTCPConnection c) throws Exception {
        Roster r = Roster.getInstanceFor(c);
        r.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        if (!r.isLoaded()) {
            r.reloadAndWait();
        }
        return r;
    }

    private static boolean has(Roster r, BareJid contact, ItemType... types) {
        RosterEntry e = r.getEntry(contact);
        if (e == null) {
            return false;
        }
        for (ItemType t : types) {
            if (e.getType() == t) {
                return true;
            }
        }
        return false;
    }

    /** Waits (bounded) until {@code condition} holds; the failure names the roster's entries and presences. */
    static void await(String what, BooleanSupplier condition, Roster roster, Supplier<String> diagnostics)
            throws InterruptedException {
        await(what, condition, () -> "roster " + describe(roster) + "; " + diagnostics.get());
    }

    /** Waits (bounded) until {@code condition} holds. */
    static void await(String what, BooleanSupplier condition, Supplier<String> diagnostics)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT_SECONDS + " s: " + what + "; " + diagnostics.get());
            }
            Thread.sleep(50);
        }
    }

    private static String describe(Roster r) {
        StringBuilder sb = new StringBuilder("[");
        for (RosterEntry e : r.getEntries()) {
            Jid j = e.getJid();
            sb.append(j).append(' ').append(e.getType()).append(e.isSubscriptionPending() ? " (pending)" : "")
                    .append(" presence=").append(r.getPresence(e.getJid())).append("; ");
        }
        return sb.append(']').toString();
    }

    static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> q.add((Message) s),
                s -> s instanceof Message && ((Message) s).getBody() != null
                        && ((Message) s).getType() != Message.Type.groupchat);
        return q;
    }
}
