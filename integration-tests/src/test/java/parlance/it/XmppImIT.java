package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.SubscribeListener.SubscribeAnswer;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;

/**
 * RFC 6121 §2-§4 (roster, subscriptions, presence) as two or three Smack users meet it on the packaged server;
 * message routing is in {@link XmppMessagesIT}.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class XmppImIT {
    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static Roster roster(XMPPTCPConnection c) throws Exception {
        Roster r = Roster.getInstanceFor(c);
        if (!r.isLoaded()) {
            r.reloadAndWait();
        }
        return r;
    }

    /** Collects the jids of roster pushes a connection sees (added, updated or deleted). */
    private static final class Pushes implements RosterListener {
        final Set<Jid> added = ConcurrentHashMap.newKeySet();
        final Set<Jid> deleted = ConcurrentHashMap.newKeySet();

        @Override
        public void entriesAdded(Collection<Jid> jids) {
            added.addAll(jids);
        }

        @Override
        public void entriesUpdated(Collection<Jid> jids) {
            added.addAll(jids);
        }

        @Override
        public void entriesDeleted(Collection<Jid> jids) {
            deleted.addAll(jids);
        }

        @Override
        public void presenceChanged(Presence presence) {
        }
    }

    @Test
    @Tag("RFC6121-2")
    @DisplayName("RFC 6121 §2.3-2.5: an added and a removed roster item are pushed to the user's other resource")
    void rosterAddRemovePushedToOtherResource() throws Exception {
        Clients.Account alice = clients.register();
        BareJid bob = clients.register().jid();
        XMPPTCPConnection phone = clients.login(alice, "phone");
        XMPPTCPConnection laptop = clients.login(alice, "laptop");
        Roster phoneRoster = roster(phone);
        Roster laptopRoster = roster(laptop);
        Pushes pushes = new Pushes();
        laptopRoster.addRosterListener(pushes);

        phoneRoster.createItem(bob, "Bob", new String[] {"Friends"});
        Clients.await("push of the new item to the laptop", () -> pushes.added.contains(bob));
        RosterEntry entry = laptopRoster.getEntry(bob);
        assertNotNull(entry);
        assertEquals("Bob", entry.getName());
        assertEquals(ItemType.none, entry.getType());
        assertEquals("Friends", entry.getGroups().get(0).getName());

        // the push reaches the phone before the IQ result (RFC 6121 §2.3.2), but Smack applies pushes on another
        // thread than the one createItem returns on: wait until the phone's own roster shows the item
        Clients.await("push of the new item to the phone", () -> phoneRoster.getEntry(bob) != null);
        phoneRoster.removeEntry(phoneRoster.getEntry(bob));
        Clients.await("push of the removal to the laptop", () -> pushes.deleted.contains(bob));
        assertNull(laptopRoster.getEntry(bob));
        assertNull(roster(clients.login(alice)).getEntry(bob), "removed for good, also on a new login");
    }

    @Test
    @Tag("RFC6121-2.6")
    @DisplayName("RFC 6121 §2.6: roster versioning: a current version gets an empty result, a stale one the change")
    void rosterVersioning() throws Exception {
        XMPPTCPConnection c = clients.newUser();
        assumeTrue(roster(c).isRosterVersioningSupported(), "server does not announce roster versioning (optional)");
        BareJid bob = clients.register().jid();
        BareJid carol = clients.register().jid();
        roster(c).createItem(bob, "Bob", null);

        RosterPacket full = (RosterPacket) rosterGet(c, "");
        assertNotNull(full.getVersion(), "§2.6.3: a roster result carries a version");
        assertTrue(full.getRosterItems().stream().anyMatch(i -> i.getJid().equals(bob)), "bob in the full roster");

        IQ current = rosterGet(c, full.getVersion());
        assertTrue(!(current instanceof RosterPacket) || ((RosterPacket) current).getRosterItems().isEmpty(),
                "§2.6.3: the current version must not get the whole roster again: " + current.toXML());

        roster(c).createItem(carol, "Carol", null);
        RosterPacket full2 = (RosterPacket) rosterGet(c, "");
        assertNotEquals(full.getVersion(), full2.getVersion(), "§2.6.1: a changed roster has a new version");
        assertTrue(full2.getRosterItems().stream().anyMatch(i -> i.getJid().equals(carol)), "carol in the full roster");

        Pushes pushes = new Pushes();
        roster(c).addRosterListener(pushes);
        IQ stale = rosterGet(c, full.getVersion());
        boolean carolInResult = stale instanceof RosterPacket
                && ((RosterPacket) stale).getRosterItems().stream().anyMatch(i -> i.getJid().equals(carol));
        if (!carolInResult) { // §2.6.3: an empty result, then the missed changes as pushes
            Clients.await("a stale version gets carol as a push", () -> pushes.added.contains(carol));
        }
    }

    private static IQ rosterGet(XMPPTCPConnection c, String version) throws Exception {
        RosterPacket get = new RosterPacket();
        get.setType(IQ.Type.get);
        get.setVersion(version);
        return c.createStanzaCollectorAndSend(get).nextResultOrThrow(Clients.TIMEOUT_MILLIS);
    }

    /** A and B subscribe to each other with Smack's roster API; returns when both see subscription both. */
    private static void befriend(XMPPTCPConnection a, XMPPTCPConnection b) throws Exception {
        Roster ra = roster(a);
        Roster rb = roster(b);
        ra.addSubscribeListener((from, p) -> SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
        rb.addSubscribeListener((from, p) -> SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
        BareJid aj = a.getUser().asBareJid();
        BareJid bj = b.getUser().asBareJid();
        ra.createItemAndRequestSubscription(bj, "B", null);
        Clients.await("A sees subscription both with B",
                () -> ra.getEntry(bj) != null && ra.getEntry(bj).getType() == ItemType.both);
        Clients.await("B sees subscription both with A",
                () -> rb.getEntry(aj) != null && rb.getEntry(aj).getType() == ItemType.both);
    }

    @Test
    @Tag("RFC6121-3")
    @DisplayName("RFC 6121 §3.1-3.3: a mutual subscription ends in 'both' with presence seen both ways")
    void subscriptionHandshake() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        XMPPTCPConnection b = clients.newUser();
        befriend(a, b);
        Clients.await("A sees B online", () -> Roster.getInstanceFor(a).getPresence(b.getUser().asBareJid()).isAvailable());
        Clients.await("B sees A online", () -> Roster.getInstanceFor(b).getPresence(a.getUser().asBareJid()).isAvailable());
    }

    @Test
    @Tag("RFC6121-4.3")
    @DisplayName("RFC 6121 §4.2/§4.3: on login a contact's presence arrives (probe) and the contact sees us come online")
    void presenceProbeOnLogin() throws Exception {
        Clients.Account bobAccount = clients.register();
        XMPPTCPConnection a = clients.newUser();
        XMPPTCPConnection b = clients.login(bobAccount);
        befriend(a, b);
        b.disconnect();
        Roster ra = Roster.getInstanceFor(a);
        Clients.await("A sees B go offline", () -> !ra.getPresence(bobAccount.jid()).isAvailable());

        XMPPTCPConnection again = clients.login(bobAccount);
        Roster rb = roster(again);
        Clients.await("B, back, learns that A is online", () -> rb.getPresence(a.getUser().asBareJid()).isAvailable());
        Clients.await("A sees B back online", () -> ra.getPresence(bobAccount.jid()).isAvailable());
    }

    @Test
    @Tag("RFC6121-2.5.2")
    @DisplayName("RFC 6121 §2.5.2/§3.3: removing a 'both' contact cancels the subscriptions both ways")
    void removingContactCancelsSubscriptions() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        XMPPTCPConnection b = clients.newUser();
        befriend(a, b);
        Roster ra = roster(a);
        Roster rb = roster(b);
        BareJid aj = a.getUser().asBareJid();
        ra.removeEntry(ra.getEntry(b.getUser().asBareJid()));
        Clients.await("B's item for A falls to none", () -> rb.getEntry(aj) == null || rb.getEntry(aj).getType() == ItemType.none);
        Clients.await("B no longer sees A online", () -> !rb.getPresence(aj).isAvailable());
    }

    @Test
    @Tag("RFC6121-3.4")
    @DisplayName("RFC 6121 §3.4: a pre-approved subscription request is approved by the server without asking")
    void preApproval() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        XMPPTCPConnection b = clients.newUser();
        Roster ra = roster(a);
        assumeTrue(ra.isSubscriptionPreApprovalSupported(), "server does not announce pre-approval (optional)");
        AtomicInteger asked = new AtomicInteger();
        ra.addSubscribeListener((from, p) -> {
            asked.incrementAndGet();
            return SubscribeAnswer.Deny;
        });
        ra.preApprove(b.getUser().asBareJid());
        Roster rb = roster(b);
        rb.createItemAndRequestSubscription(a.getUser().asBareJid(), "A", null);
        BareJid aj = a.getUser().asBareJid();
        Clients.await("B is subscribed to A", () -> rb.getEntry(aj) != null && rb.getEntry(aj).getType() == ItemType.to);
        assertEquals(0, asked.get(), "A was asked although it pre-approved");
    }

    @Test
    @Tag("RFC6121-4")
    @DisplayName("RFC 6121 §4.2-4.5: presence changes reach contacts, and a disconnect becomes unavailable")
    void presenceBroadcastAndUnavailableOnDisconnect() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        XMPPTCPConnection b = clients.newUser();
        befriend(a, b);
        BareJid bj = b.getUser().asBareJid();
        Roster ra = Roster.getInstanceFor(a);
        b.sendStanza(b.getStanzaFactory().buildPresenceStanza().setMode(Presence.Mode.away).setStatus("lunch").build());
        Clients.await("A sees B away", () -> "lunch".equals(ra.getPresence(bj).getStatus())
                && ra.getPresence(bj).getMode() == Presence.Mode.away);
        b.instantShutdown(); // vanishes without sending unavailable: the server must tell the contacts
        Clients.await("A sees B offline", () -> !ra.getPresence(bj).isAvailable());
    }

    @Test
    @Tag("RFC6121-4.6")
    @DisplayName("RFC 6121 §4.6: directed presence reaches a non-contact, and so does unavailable on logout")
    void directedPresence() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        XMPPTCPConnection c = clients.newUser();
        BlockingQueue<Presence> seen = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> seen.add((Presence) s), s -> s instanceof Presence && a.getUser().equals(s.getFrom()));
        a.sendStanza(a.getStanzaFactory().buildPresenceStanza().to(c.getUser()).setStatus("hello you").build());
        Presence p = Clients.poll(seen, "directed presence");
        assertEquals(Presence.Type.available, p.getType());
        assertEquals("hello you", p.getStatus());
        a.disconnect();
        Presence gone = Clients.poll(seen, "unavailable after the sender logged out (§4.6.3)");
        assertEquals(Presence.Type.unavailable, gone.getType());
    }

}
