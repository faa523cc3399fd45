package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.it.Muc.codes;
import static parlance.it.Muc.condition;
import static parlance.it.Muc.item;
import static parlance.it.Muc.muc;
import static parlance.it.Muc.nick;
import static parlance.it.Muc.occupant;
import static parlance.it.Muc.occupantId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.DirectMucInvitationManager;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.muc.packet.Destroy;
import org.jivesoftware.smackx.muc.packet.GroupChatInvitation;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.Form;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * Multi-user chat (XEP-0045) as users meet it: Smack clients on the packaged server's {@code conference.localhost}
 * create, configure, join and moderate rooms; with the room archive (XEP-0313), occupant identifiers (XEP-0421) and
 * direct invitations (XEP-0249). Each test names the section it checks. Waits are bounded; where a test shows that
 * something did NOT arrive, it waits for a later marker from the same sender instead of sleeping.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MucIT {
    static final String DOMAIN = SharedServer.DOMAIN;
    static final String ROOMNAME = "muc#roomconfig_roomname";
    static final String ROOMDESC = "muc#roomconfig_roomdesc";
    static final String PERSISTENT = "muc#roomconfig_persistentroom";
    static final String MEMBERSONLY = "muc#roomconfig_membersonly";
    static final String MODERATED = "muc#roomconfig_moderatedroom";
    static final String PASSWORDPROTECTED = "muc#roomconfig_passwordprotectedroom";
    static final String SECRET = "muc#roomconfig_roomsecret";

    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    @Tag("XEP-0045-6.1")
    @DisplayName("XEP-0045 §6.1/§6.2: the server lists conference.localhost, a text conference service")
    void serviceIsDiscoverable() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        assertTrue(Muc.serverItems(alice).contains(Muc.service(DOMAIN).toString()),
                "disco#items of the server: " + Muc.serverItems(alice));
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(Muc.service(DOMAIN));
        assertFalse(info.getIdentities("conference", "text").isEmpty(), "identity conference/text: " + info.toXML());
        assertTrue(info.containsFeature("http://jabber.org/protocol/muc"), "muc feature: " + info.toXML());
    }

    @Test
    @Tag("XEP-0045-10.1.2")
    @DisplayName("XEP-0045 §10.1.2: an instant room is created by joining (status 201) and accepting the defaults")
    void instantRoom() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "instant");
        MultiUserChat aliceMuc = muc(alice, room);
        try (Muc.Watch<Presence> aliceSees = Muc.Watch.presences(alice, room)) {
            MultiUserChat.MucCreateConfigFormHandle created = aliceMuc.create(nick("alice"));
            Presence self = aliceSees.next("alice's own presence", p -> codes(p).contains(110));
            assertTrue(codes(self).contains(201), "status 201, room created: " + self.toXML());
            assertEquals(MUCAffiliation.owner, item(self).getAffiliation());
            assertEquals(MUCRole.moderator, item(self).getRole());
            created.makeInstant();
        }
        MultiUserChat bobMuc = muc(bob, room);
        Presence bobSelf = bobMuc.join(nick("bob"));
        assertFalse(codes(bobSelf).contains(201), "only the creator sees 201: " + bobSelf.toXML());
        assertEquals(MUCAffiliation.owner, bobMuc.getOccupant(occupant(room, "alice")).getAffiliation(),
                "bob sees alice as the owner");
        // Smack records bob's own presence just after join() returns
        Clients.await("bob's client counts two occupants", () -> bobMuc.getOccupantsCount() == 2);
    }

    @Test
    @Tag("XEP-0045-7.14")
    @DisplayName("XEP-0045 §7.14: leaving is answered with the own unavailable presence (110, same id); others see it")
    void leaveRoom() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "leave");
        createInstant(alice, room, "alice");
        MultiUserChat bobMuc = muc(bob, room);
        bobMuc.join(nick("bob"));
        try (Muc.Watch<Presence> a = Muc.Watch.presences(alice, room)) {
            // the room advertises muc#stable_id, so Smack waits for the reflection of its own presence id
            Presence own = bobMuc.leave();
            assertTrue(codes(own).contains(110), own.toXML().toString());
            a.next("bob leaving", p -> p.getFrom().equals(occupant(room, "bob"))
                    && p.getType() == Presence.Type.unavailable);
        }
        assertFalse(bobMuc.isJoined());
    }

    @Test
    @Tag("XEP-0045-10.1.3")
    @DisplayName("XEP-0045 §10.1.3, §7.2.11: a reserved room stays locked (item-not-found) until its form is submitted")
    void reservedRoomConfiguredByForm() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "reserved");
        MultiUserChat aliceMuc = muc(alice, room);
        aliceMuc.create(nick("alice"));
        Form form = aliceMuc.getConfigurationForm();
        assertTrue(form.hasField(ROOMNAME) && form.hasField(PERSISTENT) && form.hasField(MEMBERSONLY),
                "the form offers the standard muc#roomconfig fields: " + form.getDataForm().toXML());

        XMPPException.XMPPErrorException locked = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(bob, room).join(nick("bob")));
        assertEquals(StanzaError.Condition.item_not_found, condition(locked), "a locked room is not there for others");

        FillableForm answers = form.getFillableForm();
        answers.setAnswer(ROOMNAME, "Release planning");
        answers.setAnswer(ROOMDESC, "Where the next release is planned");
        answers.setAnswer(PERSISTENT, true);
        aliceMuc.sendConfigurationForm(answers);

        muc(bob, room).join(nick("bob"));
        RoomInfo info = MultiUserChatManager.getInstanceFor(bob).getRoomInfo(room);
        assertEquals("Release planning", info.getName());
        assertEquals("Where the next release is planned", info.getDescription());
        assertTrue(info.isPersistent(), "muc_persistent in disco#info");
        Form again = aliceMuc.getConfigurationForm();
        assertEquals("Release planning", again.readFirstValue(ROOMNAME), "§10.2: the form shows the current values");
        assertEquals(Boolean.TRUE, again.readBoolean(PERSISTENT));
        aliceMuc.destroy("test over", null);
    }

    @Test
    @Tag("XEP-0045-7.2.14")
    @DisplayName("XEP-0045 §7.2.14, §7.2.15: a newcomer gets the history it asked for (delayed, from the room), then the subject")
    void joinWithHistoryAndSubject() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "history");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        aliceMuc.changeSubject("Release 2.0");
        try (Muc.Watch<Message> echo = Muc.Watch.messages(alice, room)) {
            for (int i = 1; i <= 5; i++) {
                aliceMuc.sendMessage("h" + i);
            }
            echo.next("the reflection of h5", m -> "h5".equals(m.getBody()));
        }

        assertEquals(List.of("h4", "h5"), historyThenSubject(room, "bob",
                b -> b.requestMaxStanzasHistory(2)), "maxstanzas=2: the last two");
        assertEquals(List.of("h1", "h2", "h3", "h4", "h5"), historyThenSubject(room, "carol",
                b -> b.requestHistorySince(3600)), "seconds=3600: the whole last hour");
        assertEquals(List.of(), historyThenSubject(room, "dave", b -> b.requestNoHistory()), "maxstanzas=0: none");
    }

    /** Joins as a new user; returns the history bodies received before the subject, checking both. */
    private List<String> historyThenSubject(EntityBareJid room, String nick,
            Consumer<org.jivesoftware.smackx.muc.MucEnterConfiguration.Builder> history) throws Exception {
        XMPPTCPConnection c = clients.newUser();
        MultiUserChat m = muc(c, room);
        try (Muc.Watch<Message> in = Muc.Watch.messages(c, room)) {
            org.jivesoftware.smackx.muc.MucEnterConfiguration.Builder b = m.getEnterConfigurationBuilder(nick(nick));
            history.accept(b);
            m.join(b.build());
            List<Message> received = in.until("the subject after the history",
                    x -> x.getSubject() != null && x.getBody() == null);
            Message subject = received.remove(received.size() - 1);
            assertEquals("Release 2.0", subject.getSubject());
            for (Message h : received) {
                assertEquals(occupant(room, "alice"), h.getFrom(), "history keeps the sender's occupant JID");
                DelayInformation delay = DelayInformation.from(h);
                assertNotNull(delay, "history carries a XEP-0203 delay: " + h.toXML());
                assertEquals(room.toString(), delay.getFrom(), "the delay is stamped by the room itself");
            }
            return received.stream().map(Message::getBody).collect(Collectors.toList());
        }
    }

    @Test
    @Tag("XEP-0045-7.4")
    @DisplayName("XEP-0045 §7.4: a groupchat message reaches every occupant, the sender included, from the sender's occupant JID")
    void groupchatReachesEveryOccupant() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        XMPPTCPConnection carol = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "chat");
        createInstant(alice, room, "alice");
        MultiUserChat bobMuc = muc(bob, room);
        bobMuc.join(nick("bob"));
        muc(carol, room).join(nick("carol"));
        try (Muc.Watch<Message> a = Muc.Watch.messages(alice, room);
                Muc.Watch<Message> b = Muc.Watch.messages(bob, room);
                Muc.Watch<Message> c = Muc.Watch.messages(carol, room)) {
            bobMuc.sendMessage("hello everyone");
            for (Muc.Watch<Message> w : List.of(a, b, c)) {
                Message m = w.next("bob's message", x -> "hello everyone".equals(x.getBody()));
                assertEquals(Message.Type.groupchat, m.getType());
                assertEquals(occupant(room, "bob"), m.getFrom());
            }
        }
    }

    @Test
    @Tag("XEP-0045-7.5")
    @DisplayName("XEP-0045 §7.5: a private message reaches only its occupant; to an unknown nick it is item-not-found")
    void privateMessages() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        XMPPTCPConnection carol = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "private");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        muc(bob, room).join(nick("bob"));
        muc(carol, room).join(nick("carol"));
        try (Muc.Watch<Message> a = Muc.Watch.messages(alice, room);
                Muc.Watch<Message> b = Muc.Watch.messages(bob, room);
                Muc.Watch<Message> c = Muc.Watch.messages(carol, room)) {
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(occupant(room, "bob"))
                    .ofType(Message.Type.chat).setBody("just for you").build());
            Message pm = b.next("the private message", m -> "just for you".equals(m.getBody()));
            assertEquals(occupant(room, "alice"), pm.getFrom(), "from alice's occupant JID, not her real JID");
            assertEquals(Message.Type.chat, pm.getType());

            aliceMuc.sendMessage("marker");
            List<Message> carolGot = c.until("alice's marker", m -> "marker".equals(m.getBody()));
            assertTrue(carolGot.stream().noneMatch(m -> "just for you".equals(m.getBody())), "carol saw the PM");

            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(occupant(room, "nobody"))
                    .ofType(Message.Type.chat).setBody("hello?").build());
            Message error = a.next("the error for an unknown nick", m -> m.getType() == Message.Type.error);
            assertEquals(StanzaError.Condition.item_not_found, error.getError().getCondition());
        }
    }

    @Test
    @Tag("XEP-0045-7.6")
    @DisplayName("XEP-0045 §7.6, §7.2.9: a nick change is unavailable+303 then available; a taken nick is a conflict")
    void nicknameChange() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "nick");
        createInstant(alice, room, "alice");
        MultiUserChat bobMuc = muc(bob, room);
        bobMuc.join(nick("bob"));
        try (Muc.Watch<Presence> seen = Muc.Watch.presences(alice, room)) {
            bobMuc.changeNickname(nick("robert"));
            Presence gone = seen.next("bob's unavailable presence", p -> p.getFrom().equals(occupant(room, "bob"))
                    && p.getType() == Presence.Type.unavailable);
            assertTrue(codes(gone).contains(303), "status 303: " + gone.toXML());
            assertEquals(nick("robert"), item(gone).getNick(), "the item names the new nick");
            Presence back = seen.next("robert's presence", p -> p.getFrom().equals(occupant(room, "robert")));
            assertEquals(Presence.Type.available, back.getType());
        }
        assertEquals(nick("robert"), bobMuc.getNickname());

        XMPPException.XMPPErrorException taken = assertThrows(XMPPException.XMPPErrorException.class,
                () -> bobMuc.changeNickname(nick("alice")));
        assertEquals(StanzaError.Condition.conflict, condition(taken), "§7.6: changing to a nick in use");
        XMPPTCPConnection carol = clients.newUser();
        XMPPException.XMPPErrorException joinTaken = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(carol, room).join(nick("robert")));
        assertEquals(StanzaError.Condition.conflict, condition(joinTaken), "§7.2.9: joining with a nick in use");
    }

    @Test
    @Tag("XEP-0045-7.2.7")
    @DisplayName("XEP-0045 §7.2.7: a members-only room refuses an outsider with registration-required until made a member")
    void membersOnlyRoomRefusesOutsiders() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "members");
        MultiUserChat aliceMuc = createConfigured(alice, room, "alice", f -> f.setAnswer(MEMBERSONLY, true));
        XMPPException.XMPPErrorException refused = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(bob, room).join(nick("bob")));
        assertEquals(StanzaError.Condition.registration_required, condition(refused));
        assertEquals(StanzaError.Type.AUTH, refused.getStanzaError().getType());

        aliceMuc.grantMembership(bob.getUser().asBareJid());
        Presence in = muc(bob, room).join(nick("bob"));
        assertEquals(MUCAffiliation.member, item(in).getAffiliation());
    }

    @Test
    @Tag("XEP-0045-7.2.6")
    @DisplayName("XEP-0045 §7.2.6: a password-protected room refuses a missing or wrong password with not-authorized")
    void passwordProtectedRoomRefusesWrongPassword() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "secret");
        createConfigured(alice, room, "alice", f -> {
            f.setAnswer(PASSWORDPROTECTED, true);
            f.setAnswer(SECRET, "open sesame");
        });
        MultiUserChat bobMuc = muc(bob, room);
        XMPPException.XMPPErrorException none = assertThrows(XMPPException.XMPPErrorException.class,
                () -> bobMuc.join(nick("bob")));
        assertEquals(StanzaError.Condition.not_authorized, condition(none));
        assertEquals(StanzaError.Type.AUTH, none.getStanzaError().getType());
        XMPPException.XMPPErrorException wrong = assertThrows(XMPPException.XMPPErrorException.class,
                () -> bobMuc.join(nick("bob"), "open barley"));
        assertEquals(StanzaError.Condition.not_authorized, condition(wrong));
        bobMuc.join(nick("bob"), "open sesame");
        assertTrue(bobMuc.isJoined());
    }

    @Test
    @Tag("XEP-0045-8.3")
    @Tag("XEP-0045-8.4")
    @DisplayName("XEP-0045 §7.4, §8.3, §8.4: in a moderated room a visitor is refused (forbidden) until granted voice")
    void moderatedRoomVoice() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "moderated");
        MultiUserChat aliceMuc = createConfigured(alice, room, "alice", f -> f.setAnswer(MODERATED, true));
        MultiUserChat bobMuc = muc(bob, room);
        assertEquals(MUCRole.visitor, item(bobMuc.join(nick("bob"))).getRole(), "a newcomer is a visitor");

        try (Muc.Watch<Message> a = Muc.Watch.messages(alice, room);
                Muc.Watch<Message> b = Muc.Watch.messages(bob, room);
                Muc.Watch<Presence> roles = Muc.Watch.presences(alice, room)) {
            assertVisitorRefused(bobMuc, b, "first try", aliceMuc, a);

            aliceMuc.grantVoice(nick("bob"));
            Presence voiced = roles.next("bob's presence as participant",
                    p -> p.getFrom().equals(occupant(room, "bob")) && item(p) != null
                            && item(p).getRole() == MUCRole.participant);
            assertNotNull(voiced);
            bobMuc.sendMessage("now I may speak");
            assertEquals(occupant(room, "bob"),
                    a.next("bob's message with voice", m -> "now I may speak".equals(m.getBody())).getFrom());

            aliceMuc.revokeVoice(nick("bob"));
            roles.next("bob's presence as visitor again", p -> p.getFrom().equals(occupant(room, "bob"))
                    && item(p) != null && item(p).getRole() == MUCRole.visitor);
            assertVisitorRefused(bobMuc, b, "after voice was revoked", aliceMuc, a);
        }
    }

    private static void assertVisitorRefused(MultiUserChat visitorMuc, Muc.Watch<Message> visitorIn, String body,
            MultiUserChat moderatorMuc, Muc.Watch<Message> moderatorIn) throws Exception {
        visitorMuc.sendMessage(body);
        Message error = visitorIn.next("the error for a visitor's message", m -> m.getType() == Message.Type.error);
        assertEquals(StanzaError.Condition.forbidden, error.getError().getCondition());
        String marker = "marker after " + body;
        moderatorMuc.sendMessage(marker);
        List<Message> got = moderatorIn.until("the moderator's marker", m -> marker.equals(m.getBody()));
        assertTrue(got.stream().noneMatch(m -> body.equals(m.getBody())), "a visitor's message was broadcast");
    }

    @Test
    @Tag("XEP-0045-8.2")
    @DisplayName("XEP-0045 §8.2: a kicked occupant gets unavailable+307 (everyone sees 307) and may come back")
    void kick() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        XMPPTCPConnection carol = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "kick");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        MultiUserChat bobMuc = muc(bob, room);
        bobMuc.join(nick("bob"));
        MultiUserChat carolMuc = muc(carol, room);
        carolMuc.join(nick("carol"));

        XMPPException.XMPPErrorException notModerator = assertThrows(XMPPException.XMPPErrorException.class,
                () -> carolMuc.kickParticipant(nick("bob"), "I'd like to"));
        assertEquals(StanzaError.Condition.forbidden, condition(notModerator), "a participant cannot kick");

        try (Muc.Watch<Presence> a = Muc.Watch.presences(alice, room);
                Muc.Watch<Presence> b = Muc.Watch.presences(bob, room)) {
            aliceMuc.kickParticipant(nick("bob"), "off-topic");
            Presence own = b.next("bob's own unavailable presence", p -> p.getType() == Presence.Type.unavailable);
            assertTrue(codes(own).containsAll(Set.of(110, 307)), "110 and 307: " + own.toXML());
            assertEquals("off-topic", item(own).getReason());
            Presence others = a.next("bob leaving, as alice sees it", p -> p.getFrom().equals(occupant(room, "bob"))
                    && p.getType() == Presence.Type.unavailable);
            assertTrue(codes(others).contains(307), others.toXML().toString());
            assertFalse(codes(others).contains(110), "110 only goes to the kicked occupant");
        }
        Clients.await("bob's client knows it is out", () -> !bobMuc.isJoined());
        bobMuc.join(nick("bob"));
        assertTrue(bobMuc.isJoined(), "a kick is not a ban");
    }

    @Test
    @Tag("XEP-0045-9.1")
    @DisplayName("XEP-0045 §9.1, §7.2.8: a banned user gets unavailable+301, is an outcast and cannot come back (forbidden)")
    void ban() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "ban");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        MultiUserChat bobMuc = muc(bob, room);
        bobMuc.join(nick("bob"));
        BareJid bobJid = bob.getUser().asBareJid();
        try (Muc.Watch<Presence> a = Muc.Watch.presences(alice, room);
                Muc.Watch<Presence> b = Muc.Watch.presences(bob, room)) {
            aliceMuc.banUser(bobJid, "spam");
            Presence own = b.next("bob's own unavailable presence", p -> p.getType() == Presence.Type.unavailable);
            assertTrue(codes(own).containsAll(Set.of(110, 301)), "110 and 301: " + own.toXML());
            assertEquals(MUCAffiliation.outcast, item(own).getAffiliation());
            Presence others = a.next("bob leaving, as alice sees it", p -> p.getFrom().equals(occupant(room, "bob"))
                    && p.getType() == Presence.Type.unavailable);
            assertTrue(codes(others).contains(301), others.toXML().toString());
        }
        assertTrue(jids(aliceMuc.getOutcasts()).contains(bobJid), "§9.2: bob is on the outcast list");
        Clients.await("bob's client knows it is out", () -> !bobMuc.isJoined());
        XMPPException.XMPPErrorException refused = assertThrows(XMPPException.XMPPErrorException.class,
                () -> bobMuc.join(nick("bob-again")));
        assertEquals(StanzaError.Condition.forbidden, condition(refused));
        assertEquals(StanzaError.Type.AUTH, refused.getStanzaError().getType());
    }

    @Test
    @Tag("XEP-0045-9.5")
    @Tag("XEP-0045-10.5")
    @DisplayName("XEP-0045 §9.5, §10.3, §10.5: owners and admins edit the affiliation lists; an admin cannot touch owners")
    void affiliationLists() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        XMPPTCPConnection carol = clients.newUser();
        Clients.Account dave = clients.register();
        Clients.Account erin = clients.register();
        EntityBareJid room = Muc.newRoom(DOMAIN, "affiliations");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        MultiUserChat bobMuc = muc(bob, room);
        bobMuc.join(nick("bob"));
        BareJid bobJid = bob.getUser().asBareJid();
        BareJid carolJid = carol.getUser().asBareJid();

        try (Muc.Watch<Presence> a = Muc.Watch.presences(alice, room)) {
            aliceMuc.grantMembership(bobJid);
            Presence p = a.next("bob's presence with his new affiliation", x -> x.getFrom().equals(occupant(room, "bob"))
                    && item(x) != null && item(x).getAffiliation() == MUCAffiliation.member);
            assertNotNull(p, "§9.5: an occupant's new affiliation is broadcast");
        }
        aliceMuc.grantAdmin(carolJid);
        aliceMuc.grantOwnership(dave.jid());
        assertTrue(jids(aliceMuc.getMembers()).contains(bobJid), "member list: " + aliceMuc.getMembers());
        assertEquals(Set.of(carolJid), jids(aliceMuc.getAdmins()), "admin list");
        assertEquals(Set.of(alice.getUser().asBareJid(), dave.jid()), jids(aliceMuc.getOwners()), "owner list");

        MultiUserChat carolMuc = muc(carol, room);
        carolMuc.join(nick("carol"));
        carolMuc.grantMembership(erin.jid());
        assertTrue(jids(carolMuc.getMembers()).contains(erin.jid()), "§9.5: an admin edits the member list");
        XMPPException.XMPPErrorException notOwner = assertThrows(XMPPException.XMPPErrorException.class,
                () -> carolMuc.grantOwnership(erin.jid()));
        assertEquals(StanzaError.Condition.forbidden, condition(notOwner), "§10.5: only owners edit the owner list");

        aliceMuc.revokeMembership(bobJid);
        assertFalse(jids(aliceMuc.getMembers()).contains(bobJid), "revoked: " + aliceMuc.getMembers());
        aliceMuc.revokeOwnership(dave.jid());
        assertEquals(Set.of(alice.getUser().asBareJid()), jids(aliceMuc.getOwners()));
    }

    @Test
    @Tag("XEP-0045-7.8.2")
    @DisplayName("XEP-0045 §7.8.2: a mediated invitation reaches the invitee from the room; a decline reaches the inviter")
    void mediatedInvitationAndDecline() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "invite");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        BlockingQueue<Object[]> invitations = new LinkedBlockingQueue<>();
        MultiUserChatManager.getInstanceFor(bob).addInvitationListener(
                (conn, muc, inviter, reason, password, message, invite) -> invitations.add(
                        new Object[] {muc.getRoom(), inviter, reason, message}));
        BlockingQueue<Object[]> declines = new LinkedBlockingQueue<>();
        aliceMuc.addInvitationRejectionListener((invitee, reason, message, decline) -> declines.add(
                new Object[] {invitee, reason}));

        aliceMuc.invite(bob.getUser().asEntityBareJid(), "come and plan");
        Object[] inv = invitations.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertNotNull(inv, "bob got no invitation");
        assertEquals(room, inv[0]);
        Jid inviter = (Jid) inv[1];
        assertTrue(alice.getUser().asBareJid().equals(inviter.asBareJid()) || occupant(room, "alice").equals(inviter),
                "the invite names alice (real or occupant JID): " + inviter);
        assertEquals("come and plan", inv[2]);
        assertEquals(room, ((Message) inv[3]).getFrom(), "the invitation comes from the room");

        MultiUserChatManager.getInstanceFor(bob).decline(room, alice.getUser().asEntityBareJid(), "busy today");
        Object[] dec = declines.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertNotNull(dec, "alice got no decline");
        assertNotNull(dec[0], "the forwarded decline names the invitee (from)");
        assertEquals(bob.getUser().asBareJid(), ((Jid) dec[0]).asBareJid());
        assertEquals("busy today", dec[1]);
    }

    @Test
    @Tag("XEP-0249")
    @DisplayName("XEP-0249: a direct invitation with the room's password reaches the invitee, who can join with it")
    void directInvitation() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "direct");
        MultiUserChat aliceMuc = createConfigured(alice, room, "alice", f -> {
            f.setAnswer(PASSWORDPROTECTED, true);
            f.setAnswer(SECRET, "xyzzy");
        });
        BlockingQueue<GroupChatInvitation> got = new LinkedBlockingQueue<>();
        DirectMucInvitationManager.getInstanceFor(bob).addInvitationListener((inv, stanza) -> got.add(inv));
        DirectMucInvitationManager.getInstanceFor(alice).inviteToMuc(aliceMuc, bob.getUser().asEntityBareJid(),
                "xyzzy", "see you there", false, null);
        GroupChatInvitation inv = got.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertNotNull(inv, "bob got no direct invitation");
        assertEquals(room, inv.getRoomAddress());
        assertEquals("see you there", inv.getReason());
        MultiUserChat bobMuc = muc(bob, inv.getRoomAddress());
        bobMuc.join(nick("bob"), inv.getPassword());
        assertTrue(bobMuc.isJoined());
    }

    @Test
    @Tag("XEP-0045-10.9")
    @DisplayName("XEP-0045 §10.9: destroying a room tells occupants the reason and the alternate venue; the room is gone")
    void destroyWithAlternateVenue() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "doomed");
        EntityBareJid venue = Muc.newRoom(DOMAIN, "venue");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        muc(bob, room).join(nick("bob"));
        XMPPException.XMPPErrorException notOwner = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(bob, room).destroy("mine now", null));
        assertEquals(StanzaError.Condition.forbidden, condition(notOwner), "only an owner destroys");
        try (Muc.Watch<Presence> b = Muc.Watch.presences(bob, room)) {
            aliceMuc.destroy("moved to the new room", venue);
            Presence p = b.next("bob's unavailable presence", x -> x.getType() == Presence.Type.unavailable);
            Destroy destroy = MUCUser.from(p).getDestroy();
            assertNotNull(destroy, "a destroy element: " + p.toXML());
            assertEquals(venue, destroy.getJid());
            assertEquals("moved to the new room", destroy.getReason());
        }
        XMPPException.XMPPErrorException gone = assertThrows(XMPPException.XMPPErrorException.class,
                () -> MultiUserChatManager.getInstanceFor(bob).getRoomInfo(room));
        assertEquals(StanzaError.Condition.item_not_found, condition(gone));
    }

    @Test
    @Tag("XEP-0313")
    @DisplayName("XEP-0313 §4, XEP-0059: the room's archive returns its messages in order, page by page")
    void archiveQueryWithPaging() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "archive");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        MultiUserChat bobMuc = muc(bob, room);
        bobMuc.join(nick("bob"));
        sendAndAwaitEcho(alice, room, aliceMuc, bobMuc, 7);

        MamManager mam = mam(bobMuc);
        MamManager.MamQuery query = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSize(3).build());
        assertEquals(List.of("m1", "m2", "m3"), bodies(query.getMessages()), "first page");
        assertFalse(query.isComplete());
        assertEquals(List.of("m4", "m5", "m6"), bodies(query.pageNext(3)), "second page");
        assertEquals(List.of("m7"), bodies(query.pageNext(3)), "last page");
        assertTrue(query.isComplete(), "the last page is marked complete");
        Message first = query.getMessages().get(0);
        assertEquals(occupant(room, "bob"), first.getFrom(), "archived with the sender's occupant JID");

        MamManager.MamQuery last = mam.queryArchive(MamManager.MamQueryArgs.builder().queryLastPage()
                .setResultPageSize(2).build());
        assertEquals(List.of("m6", "m7"), bodies(last.getMessages()), "the most recent page, oldest first");
    }

    /** Alice and bob take turns sending m1..mN; returns when alice has seen the reflection of the last one. */
    static void sendAndAwaitEcho(XMPPConnection alice, EntityBareJid room, MultiUserChat aliceMuc,
            MultiUserChat bobMuc, int n) throws Exception {
        try (Muc.Watch<Message> echo = Muc.Watch.messages(alice, room)) {
            for (int i = 1; i <= n; i++) {
                (i % 2 == 0 ? aliceMuc : bobMuc).sendMessage("m" + i);
                String body = "m" + i;
                echo.next("the reflection of " + body, m -> body.equals(m.getBody()));
            }
        }
    }

    /** The room's archive (XEP-0313 §4); Smack needs the room's disco#info (urn:xmpp:mam:2) before a query. */
    static MamManager mam(MultiUserChat m) throws Exception {
        MamManager mam = MamManager.getInstanceFor(m);
        assertTrue(mam.isSupported(), "the room advertises urn:xmpp:mam:2");
        return mam;
    }

    static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).collect(Collectors.toList());
    }

    @Test
    @Tag("XEP-0421")
    @DisplayName("XEP-0421: one occupant id per user, on presence, messages and archive, stable across rejoin, not forgeable")
    void occupantIdStableAcrossRejoin() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        XMPPTCPConnection carol = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "occupant-id");
        createInstant(alice, room, "alice");
        assertTrue(ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(room).containsFeature("urn:xmpp:occupant-id:0"),
                "the room advertises urn:xmpp:occupant-id:0");
        MultiUserChat bobMuc = muc(bob, room);
        String bobId;
        try (Muc.Watch<Presence> p = Muc.Watch.presences(alice, room);
                Muc.Watch<Message> m = Muc.Watch.messages(alice, room)) {
            bobMuc.join(nick("bob"));
            bobId = occupantId(p.next("bob's presence", x -> x.getFrom().equals(occupant(room, "bob"))));
            assertNotNull(bobId, "bob's presence carries an occupant-id");
            assertTrue(bobId.length() <= 128);

            StandardExtensionElement forged = StandardExtensionElement.builder("occupant-id", "urn:xmpp:occupant-id:0")
                    .addAttribute("id", "forged-by-bob").build();
            bobMuc.sendMessage(bobMuc.buildMessage().setBody("who am I?").addExtension(forged));
            Message msg = m.next("bob's message", x -> "who am I?".equals(x.getBody()));
            assertEquals(1, Muc.occupantIdCount(msg), "exactly one occupant-id: " + msg.toXML());
            assertEquals(bobId, occupantId(msg), "the room replaced the forged id");

            leaveWithoutWaitingForId(bob, bobMuc, room, "bob");
            bobMuc.join(nick("bobby"));
            Presence again = p.next("bob's presence under a new nick", x -> x.getFrom().equals(occupant(room, "bobby")));
            assertEquals(bobId, occupantId(again), "the same user keeps the same id across rejoin and nick");

            muc(carol, room).join(nick("carol"));
            String carolId = occupantId(p.next("carol's presence", x -> x.getFrom().equals(occupant(room, "carol"))));
            assertNotNull(carolId);
            assertNotEquals(bobId, carolId, "another user has another id");
        }
        List<Message> archived = mam(bobMuc)
                .queryArchive(MamManager.MamQueryArgs.builder().setResultPageSize(10).build()).getMessages();
        Message fromArchive = archived.stream().filter(x -> "who am I?".equals(x.getBody())).findFirst()
                .orElseThrow(() -> new AssertionError("bob's message is not in the archive: " + bodies(archived)));
        assertEquals(bobId, occupantId(fromArchive), "the archive keeps the occupant-id");
    }

    @Test
    @Tag("XEP-0045-10.2")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("XEP-0045 §10.2: a persistent room keeps its configuration and members across a server restart")
    void persistentRoomSurvivesRestart() throws Exception {
        try (PrivateServer server = PrivateServer.start("muc-restart")) {
            for (String user : List.of("alice", "bob", "carol")) {
                server.register(user);
            }
            EntityBareJid room = Muc.newRoom(PrivateServer.DOMAIN, "survivor");
            XMPPTCPConnection alice = server.login("alice", "desk");
            createConfigured(alice, room, "alice", f -> {
                f.setAnswer(ROOMNAME, "Survivors");
                f.setAnswer(ROOMDESC, "Outlives restarts");
                f.setAnswer(PERSISTENT, true);
                f.setAnswer(MEMBERSONLY, true);
                f.setAnswer(MODERATED, true);
            });
            muc(alice, room).grantMembership(PrivateServer.jid("bob"));

            server.restart();

            XMPPTCPConnection alice2 = server.login("alice", "desk");
            RoomInfo info = MultiUserChatManager.getInstanceFor(alice2).getRoomInfo(room);
            assertEquals("Survivors", info.getName());
            assertEquals("Outlives restarts", info.getDescription());
            assertTrue(info.isPersistent() && info.isMembersOnly() && info.isModerated(), "features: " + info.getForm());
            MultiUserChat aliceMuc = muc(alice2, room);
            Presence self = aliceMuc.join(nick("alice"));
            assertEquals(MUCAffiliation.owner, item(self).getAffiliation(), "alice is still the owner");
            assertNull(MUCUser.from(self).getStatus().stream().filter(s -> s.getCode() == 201).findAny().orElse(null),
                    "no 201: the room was not created again");
            Form form = aliceMuc.getConfigurationForm();
            assertEquals(Boolean.TRUE, form.readBoolean(MEMBERSONLY));
            assertEquals(Boolean.TRUE, form.readBoolean(MODERATED));
            assertTrue(jids(aliceMuc.getMembers()).contains(PrivateServer.jid("bob")), "bob is still a member");

            muc(server.login("bob", "phone"), room).join(nick("bob"));
            XMPPException.XMPPErrorException refused = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> muc(server.login("carol", "phone"), room).join(nick("carol")));
            assertEquals(StanzaError.Condition.registration_required, condition(refused));
        }
    }

    @Test
    @Tag("XEP-0045-15.6")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("Configuration of parlance.muc written to etc/ applies live: occupants stay (no 332), new values hold")
    void configurationChangeAppliesLive() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        EntityBareJid room = Muc.newRoom(DOMAIN, "live-config");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        MultiUserChat bobMuc = muc(bob, room);
        bobMuc.join(nick("bob"));
        sendAndAwaitEcho(alice, room, aliceMuc, bobMuc, 3);
        Path cfg = SharedServer.get().home().resolve("etc/parlance.muc.cfg");
        String original = Files.exists(cfg) ? Files.readString(cfg) : null;
        String name = "Live " + UUID.randomUUID().toString().substring(0, 8);
        try (Muc.Watch<Presence> bobPresences = Muc.Watch.presences(bob, room);
                Muc.Watch<Message> bobMessages = Muc.Watch.messages(bob, room)) {
            Files.writeString(cfg, (original == null ? "" : original) + "\nname = " + name
                    + "\nmax.history.size = 1\n");
            awaitServiceName(bob, name);

            aliceMuc.sendMessage("after the change");
            bobMessages.next("alice's message after the change", m -> "after the change".equals(m.getBody()));
            assertTrue(bobMuc.isJoined() && aliceMuc.isJoined(), "both still joined");
            List<Presence> meanwhile = bobPresences.drain();
            assertTrue(meanwhile.stream().noneMatch(p -> codes(p).contains(332)),
                    "no service-shutdown presence: " + meanwhile);
            assertEquals(2, bobMuc.getOccupantsCount());
        } finally {
            if (original == null) {
                Files.deleteIfExists(cfg);
            } else {
                Files.writeString(cfg, original);
            }
        }
        XMPPTCPConnection carol = clients.newUser();
        try (Muc.Watch<Message> in = Muc.Watch.messages(carol, room)) {
            muc(carol, room).join(nick("carol"));
            List<Message> history = in.until("the subject after the history", x -> x.getSubject() != null);
            assertEquals(List.of("after the change"), history.stream().map(Message::getBody)
                    .filter(b -> b != null).collect(Collectors.toList()), "the room kept max.history.size=1 message");
        }
        awaitServiceName(bob, "Chatrooms");
    }

    /** Waits (bounded) until the service's disco#info names it {@code name}: the configuration was applied. */
    private static void awaitServiceName(XMPPConnection c, String name) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        String now = null;
        while (System.currentTimeMillis() < deadline) {
            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(Muc.service(DOMAIN));
            now = info.getIdentities("conference", "text").get(0).getName();
            if (name.equals(now)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service is still named " + now + ", not " + name);
    }

    @Test
    @Tag("XEP-0045-7.2.9")
    @DisplayName("XEP-0045 §7.2.9: two resources of one account share a nick; both get messages; the nick leaves with the last")
    void multiSessionNick() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        Clients.Account bob = clients.register();
        XMPPTCPConnection desk = clients.login(bob, "desk");
        XMPPTCPConnection phone = clients.login(bob, "phone");
        EntityBareJid room = Muc.newRoom(DOMAIN, "sessions");
        MultiUserChat aliceMuc = createInstant(alice, room, "alice");
        MultiUserChat deskMuc = muc(desk, room);
        MultiUserChat phoneMuc = muc(phone, room);
        try (Muc.Watch<Presence> seen = Muc.Watch.presences(alice, room)) {
            deskMuc.join(nick("bob"));
            Presence own = phoneMuc.join(nick("bob"));
            assertTrue(codes(own).contains(110), "the second session is in: " + own.toXML());
            sendAndAwaitEcho(alice, room, aliceMuc, deskMuc, 1);
            List<Presence> bobs = seen.drain().stream()
                    .filter(p -> p.getFrom().equals(occupant(room, "bob"))).collect(Collectors.toList());
            assertEquals(1, bobs.size(), "alice saw bob enter once: " + bobs);
            assertEquals(2, aliceMuc.getOccupantsCount());
        }
        try (Muc.Watch<Message> d = Muc.Watch.messages(desk, room);
                Muc.Watch<Message> p = Muc.Watch.messages(phone, room);
                Muc.Watch<Message> a = Muc.Watch.messages(alice, room)) {
            aliceMuc.sendMessage("to both");
            d.next("the groupchat at the desk", m -> "to both".equals(m.getBody()));
            p.next("the groupchat on the phone", m -> "to both".equals(m.getBody()));
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(occupant(room, "bob"))
                    .ofType(Message.Type.chat).setBody("private").build());
            d.next("the private message at the desk", m -> "private".equals(m.getBody()));
            p.next("the private message on the phone", m -> "private".equals(m.getBody()));
            phoneMuc.sendMessage("from the phone");
            Message m = a.next("bob's message from the phone", x -> "from the phone".equals(x.getBody()));
            assertEquals(occupant(room, "bob"), m.getFrom());
        }
        try (Muc.Watch<Presence> seen = Muc.Watch.presences(alice, room);
                Muc.Watch<Message> p = Muc.Watch.messages(phone, room)) {
            leaveWithoutWaitingForId(desk, deskMuc, room, "bob");
            aliceMuc.sendMessage("still there?");
            p.next("the phone still gets messages", x -> "still there?".equals(x.getBody()));
            assertTrue(seen.drain().stream().noneMatch(x -> x.getType() == Presence.Type.unavailable),
                    "bob did not leave while a session remains");
            leaveWithoutWaitingForId(phone, phoneMuc, room, "bob");
            seen.next("bob leaving with his last session", x -> x.getFrom().equals(occupant(room, "bob"))
                    && x.getType() == Presence.Type.unavailable);
        }
        XMPPTCPConnection carol = clients.newUser();
        muc(carol, room).join(nick("carol"));
        XMPPException.XMPPErrorException taken = assertThrows(XMPPException.XMPPErrorException.class,
                () -> muc(clients.newUser(), room).join(nick("carol")));
        assertEquals(StanzaError.Condition.conflict, condition(taken), "§7.2.9: another account is a conflict");
    }

    @Test
    @Tag("XEP-0054")
    @DisplayName("XEP-0045 §18.3, XEP-0054: a vCard asked of an occupant address is answered by the occupant's server")
    void vCardThroughTheRoom() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        VCard card = new VCard();
        card.setFirstName("Alice");
        card.setNickName("Wonder");
        VCardManager.getInstanceFor(alice).saveVCard(card);
        EntityBareJid room = Muc.newRoom(DOMAIN, "vcard");
        createInstant(alice, room, "alice");
        muc(bob, room).join(nick("bob"));

        VCard request = new VCard();
        request.setType(IQ.Type.get);
        request.setTo(occupant(room, "alice"));
        VCard read = bob.sendIqRequestAndWaitForResponse(request);
        assertEquals("Alice", read.getFirstName(), read.toXML().toString());
        assertEquals("Wonder", read.getNickName());
        assertEquals(occupant(room, "alice"), read.getFrom(), "answered from the occupant address");

        VCard none = new VCard();
        none.setType(IQ.Type.get);
        none.setTo(occupant(room, "bob"));
        XMPPException.XMPPErrorException missing = assertThrows(XMPPException.XMPPErrorException.class,
                () -> alice.sendIqRequestAndWaitForResponse(none));
        assertEquals(StanzaError.Condition.item_not_found, condition(missing), "bob has no vCard");
    }

    // --- helpers ---

    /** Leaves by a plain unavailable presence (§7.14), independent of how the room reflects ids (see leaveRoom). */
    static void leaveWithoutWaitingForId(XMPPConnection c, MultiUserChat m, EntityBareJid room, String nick)
            throws Exception {
        try (Muc.Watch<Presence> own = Muc.Watch.presences(c, room)) {
            c.sendStanza(c.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.unavailable)
                    .to(occupant(room, nick)).build());
            own.next("the own unavailable presence", p -> p.getType() == Presence.Type.unavailable
                    && p.getFrom().equals(occupant(room, nick)) && codes(p).contains(110));
        }
        Clients.await("the client knows it left", () -> !m.isJoined());
    }

    static MultiUserChat createInstant(XMPPConnection owner, EntityBareJid room, String nick) throws Exception {
        MultiUserChat m = muc(owner, room);
        m.create(nick(nick)).makeInstant();
        return m;
    }

    /** Creates a reserved room (§10.1.3) and submits the service's form with {@code answers} filled in. */
    static MultiUserChat createConfigured(XMPPConnection owner, EntityBareJid room, String nick,
            Consumer<FillableForm> answers) throws Exception {
        MultiUserChat m = muc(owner, room);
        m.create(nick(nick));
        FillableForm form = m.getConfigurationForm().getFillableForm();
        answers.accept(form);
        m.sendConfigurationForm(form);
        return m;
    }

    static Set<BareJid> jids(List<Affiliate> affiliates) {
        return affiliates.stream().map(a -> a.getJid().asBareJid()).collect(Collectors.toSet());
    }
}
