package parlance.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** XEP-0045 §8 (moderator), §9 (admin), §10 (owner) use cases. */
class ModerationTest {
    static final String ROOM = "room@" + Harness.SERVICE;
    final Harness h = new Harness();
    final FakeSession owner = h.user("owner@example.org/a");
    final FakeSession bob = h.user("bob@example.org/b");
    final FakeSession carol = h.user("carol@example.org/c");

    @BeforeEach
    void room() {
        h.createInstant(owner, ROOM + "/boss");
        h.join(bob, ROOM + "/bob");
        h.join(carol, ROOM + "/carol");
        owner.delivered.clear();
        bob.delivered.clear();
        carol.delivered.clear();
    }

    @Test
    void kickSends307WithActorAndReasonThenTheResult() {
        Stanza result = h.admin(owner, ROOM, "set", "nick", "bob", "role", "none", "reason", "spam");
        assertEquals("result", result.type());
        Stanza kicked = bob.last();
        assertEquals("unavailable", kicked.type());
        assertTrue(Harness.codes(kicked).containsAll(List.of(110, 307)));
        Element item = Harness.item(kicked);
        assertEquals("boss", item.element("actor").attributeValue("nick"));
        assertEquals("spam", item.elementText("reason"));
        assertTrue(Harness.codes(carol.last()).contains(307));
        Stanza presenceForOwner = Harness.of(owner, "presence").get(0);
        assertEquals("unavailable", presenceForOwner.type());
    }

    @Test
    void participantsMayNotKickAndNobodyKicksTheOwner() {
        assertEquals("forbidden", TestStanzas.condition(h.admin(bob, ROOM, "set", "nick", "carol", "role", "none")));
        h.admin(owner, ROOM, "set", "nick", "bob", "role", "moderator");
        assertEquals("not-allowed",
                TestStanzas.condition(h.admin(bob, ROOM, "set", "nick", "boss", "role", "none")));
        assertEquals("not-allowed",
                TestStanzas.condition(h.admin(bob, ROOM, "set", "nick", "boss", "role", "visitor")));
        assertEquals("item-not-found",
                TestStanzas.condition(h.admin(bob, ROOM, "set", "nick", "nobody", "role", "none")));
    }

    @Test
    void voiceRevokedAndGrantedInAModeratedRoom() {
        h.configure(owner, ROOM, RoomConfig.MODERATED, "1");
        h.admin(owner, ROOM, "set", "nick", "bob", "role", "visitor");
        assertEquals("visitor", Harness.item(bob.last()).attributeValue("role"));
        h.groupchat(bob, ROOM, "hello?");
        assertEquals("forbidden", TestStanzas.condition(bob.last()), "§7.4 visitors may not speak");
        Stanza list = h.admin(owner, ROOM, "get", "role", "visitor");
        assertEquals("bob", list.payload().element("item").attributeValue("nick"));
        h.admin(owner, ROOM, "set", "nick", "bob", "role", "participant");
        assertEquals("participant", Harness.item(bob.last()).attributeValue("role"));
    }

    @Test
    void banSends301AndKeepsTheUserOut() {
        h.admin(owner, ROOM, "set", "jid", "bob@example.org", "affiliation", "outcast");
        assertTrue(Harness.codes(bob.last()).containsAll(List.of(110, 301)));
        assertEquals("outcast", Harness.item(bob.last()).attributeValue("affiliation"));
        h.join(bob, ROOM + "/bob");
        assertEquals("forbidden", TestStanzas.condition(bob.last()), "§7.2.8");
        Stanza list = h.admin(owner, ROOM, "get", "affiliation", "outcast");
        assertEquals("bob@example.org", list.payload().element("item").attributeValue("jid"));
    }

    @Test
    void adminsCannotTouchOwnersOrMakeAdmins() {
        h.admin(owner, ROOM, "set", "jid", "bob@example.org", "affiliation", "admin");
        assertEquals("moderator", Harness.item(bob.last()).attributeValue("role"), "admins are moderators");
        assertEquals("not-allowed", TestStanzas.condition(
                h.admin(bob, ROOM, "set", "jid", "owner@example.org", "affiliation", "outcast")));
        assertEquals("forbidden", TestStanzas.condition(
                h.admin(bob, ROOM, "set", "jid", "carol@example.org", "affiliation", "admin")));
        assertEquals("result",
                h.admin(bob, ROOM, "set", "jid", "carol@example.org", "affiliation", "member").type());
        assertEquals("forbidden", TestStanzas.condition(
                h.admin(carol, ROOM, "set", "jid", "bob@example.org", "affiliation", "none")));
    }

    @Test
    void theLastOwnerCannotLeaveOwnership() {
        assertEquals("conflict", TestStanzas.condition(
                h.admin(owner, ROOM, "set", "jid", "owner@example.org", "affiliation", "admin")));
        h.admin(owner, ROOM, "set", "jid", "bob@example.org", "affiliation", "owner");
        assertEquals("result",
                h.admin(owner, ROOM, "set", "jid", "owner@example.org", "affiliation", "admin").type());
    }

    @Test
    void membersOnlyRemovesNonMembersWith322AndRevokedMembersWith321() {
        h.admin(owner, ROOM, "set", "jid", "bob@example.org", "affiliation", "member");
        h.configure(owner, ROOM, RoomConfig.MEMBERS_ONLY, "1");
        assertTrue(Harness.codes(carol.last()).contains(322), Harness.codes(carol.last()).toString());
        assertTrue(bob.delivered.stream().noneMatch(s -> Harness.codes(s).contains(322)
                && (ROOM + "/bob").equals(s.element().attributeValue("from"))), "members stay");
        h.admin(owner, ROOM, "set", "jid", "bob@example.org", "affiliation", "none");
        assertTrue(Harness.codes(bob.last()).contains(321));
        h.join(carol, ROOM + "/carol");
        assertEquals("registration-required", TestStanzas.condition(carol.last()), "§7.2.7");
    }

    @Test
    void configurationChangeSends104() {
        Stanza result = h.configure(owner, ROOM, RoomConfig.NAME, "Tea room");
        assertEquals("result", result.type());
        Stanza notice = bob.last();
        assertEquals("message", notice.kind().elementName());
        assertTrue(Harness.codes(notice).contains(104));
        h.configure(owner, ROOM, RoomConfig.WHOIS, "anyone");
        assertTrue(Harness.codes(bob.last()).containsAll(List.of(104, 172)));
    }

    @Test
    void onlyOwnersConfigure() {
        Stanza get = TestStanzas.iq(bob.jid.toString(), ROOM, "get", MucNs.OWNER, "query");
        h.send(get);
        assertEquals("forbidden", TestStanzas.condition(bob.last()));
        h.send(TestStanzas.iq(owner.jid.toString(), ROOM, "get", MucNs.OWNER, "query"));
        Element form = owner.last().payload().element("x");
        List<String> vars = form.elements("field").stream().map(f -> f.attributeValue("var")).toList();
        assertTrue(vars.containsAll(List.of("FORM_TYPE", RoomConfig.MEMBERS_ONLY, RoomConfig.MODERATED,
                RoomConfig.PUBLIC, RoomConfig.PERSISTENT, RoomConfig.SECRET, RoomConfig.WHOIS, RoomConfig.MAX_USERS,
                ConfigForm.OWNERS, ConfigForm.ADMINS)), vars.toString());
        assertEquals("not-acceptable", TestStanzas.condition(h.configure(owner, ROOM, RoomConfig.WHOIS, "nobody")));
    }

    @Test
    void destroySendsTheAlternateVenueToEveryOccupant() {
        Stanza iq = TestStanzas.iq(owner.jid.toString(), ROOM, "set", MucNs.OWNER, "query");
        Element destroy = iq.payload().addElement("destroy", MucNs.OWNER).addAttribute("jid", "new@" + Harness.SERVICE);
        destroy.addElement("reason", MucNs.OWNER).setText("moving");
        h.send(iq);
        assertEquals("result", owner.last().type());
        Stanza gone = bob.last();
        assertEquals("unavailable", gone.type());
        Element d = gone.element().element("x").element("destroy");
        assertEquals("new@" + Harness.SERVICE, d.attributeValue("jid"));
        assertEquals("moving", d.elementText("reason"));
        h.groupchat(bob, ROOM, "anyone?");
        assertEquals("item-not-found", TestStanzas.condition(bob.last()));
    }

    @Test
    void shutdownTellsEveryOccupant332() {
        h.rooms.all().forEach(slot -> h.handler.shutdown(slot.room));
        for (FakeSession s : List.of(owner, bob, carol)) {
            assertEquals("unavailable", s.last().type());
            assertTrue(Harness.codes(s.last()).containsAll(List.of(110, 332)));
        }
    }
}
