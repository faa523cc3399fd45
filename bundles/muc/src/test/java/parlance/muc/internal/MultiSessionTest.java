package parlance.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/**
 * XEP-0045 §7.2.9 multi-session nicks: a second resource of the same user entering with the same nick joins the
 * same occupant (as Prosody and ejabberd do); another user with that nick is still a conflict.
 */
class MultiSessionTest {
    static final String ROOM = "room@" + Harness.SERVICE;
    static final String BOB = ROOM + "/bob";
    final Harness h = new Harness();
    final FakeSession owner = h.user("owner@example.org/a");
    final FakeSession desk = h.user("bob@example.org/desk");
    final FakeSession phone = h.user("bob@example.org/phone");

    @BeforeEach
    void room() {
        h.createInstant(owner, ROOM + "/boss");
        h.join(desk, BOB);
        owner.delivered.clear();
        desk.delivered.clear();
    }

    @Test
    void aSecondResourceJoinsTheSameOccupantAndNobodyElseSeesAJoin() {
        h.groupchat(owner, ROOM, "before");
        owner.delivered.clear();
        desk.delivered.clear();
        h.join(phone, BOB);
        List<Stanza> presences = Harness.of(phone, "presence");
        assertEquals(2, presences.size(), "the owner's presence, then its own: " + presences);
        assertEquals(ROOM + "/boss", presences.get(0).element().attributeValue("from"));
        Stanza self = presences.get(1);
        assertEquals(BOB, self.element().attributeValue("from"));
        assertTrue(Harness.codes(self).contains(110));
        assertEquals("bob@example.org/phone", Harness.item(self).attributeValue("jid"), "its own address");
        assertEquals(List.of("before"), Harness.bodies(phone).stream()
                .map(s -> s.element().elementText("body")).toList(), "the history, like any newcomer");
        assertTrue(phone.last().element().element("subject") != null, "then the subject");
        assertTrue(Harness.of(owner, "presence").isEmpty(), "the others still see one bob: " + owner.delivered);
        assertTrue(desk.delivered.isEmpty(), "the first session is not disturbed: " + desk.delivered);
    }

    @Test
    void messagesReachEverySessionAndEverySessionMaySpeak() {
        h.join(phone, BOB);
        h.groupchat(owner, ROOM, "to all");
        assertEquals("to all", desk.last().element().elementText("body"));
        assertEquals("to all", phone.last().element().elementText("body"));
        h.groupchat(phone, ROOM, "from the phone");
        assertEquals(BOB, owner.last().element().attributeValue("from"));
        assertEquals("from the phone", desk.last().element().elementText("body"), "the other session sees it");
        h.send(TestStanzas.message(owner.jid.toString(), BOB, "chat", "psst"));
        assertEquals("psst", desk.last().element().elementText("body"), "§7.2.9: private messages to all");
        assertEquals("psst", phone.last().element().elementText("body"));
        assertEquals(ROOM + "/boss", phone.last().element().attributeValue("from"));
    }

    @Test
    void theOccupantLeavesWithItsLastSession() {
        h.join(phone, BOB);
        owner.delivered.clear();
        h.send(TestStanzas.presence(desk.jid.toString(), BOB, "unavailable", 0));
        assertEquals("unavailable", desk.last().type());
        assertTrue(Harness.codes(desk.last()).contains(110));
        assertTrue(owner.delivered.stream().noneMatch(s -> "unavailable".equals(s.type())), "bob is still there");
        h.groupchat(owner, ROOM, "still there?");
        assertEquals("still there?", phone.last().element().elementText("body"));
        assertTrue(Harness.bodies(desk).isEmpty(), "the session that left gets nothing more");

        h.send(TestStanzas.presence(phone.jid.toString(), BOB, "unavailable", 0));
        Stanza gone = owner.last();
        assertEquals("unavailable", gone.type());
        assertEquals(BOB, gone.element().attributeValue("from"));
        h.join(h.user("carol@example.org/c"), BOB);
        assertEquals(2, Harness.of(h.sessions.get(TestStanzas.jid("carol@example.org/c")), "presence").size(),
                "the nick is free again");
    }

    @Test
    void anotherUserWithTheSameNickIsStillAConflict() {
        FakeSession carol = h.user("carol@example.org/c");
        h.join(carol, BOB);
        assertEquals("conflict", TestStanzas.condition(carol.last()), "§7.2.9");
    }

    @Test
    void aFullRoomStillAdmitsAnotherSessionOfAnOccupant() {
        h.configure(owner, ROOM, RoomConfig.MAX_USERS, "2");
        h.join(phone, BOB);
        assertTrue(Harness.codes(phone.last()).isEmpty() && phone.last().element().element("subject") != null,
                "joined: " + phone.delivered);
        FakeSession carol = h.user("carol@example.org/c");
        h.join(carol, ROOM + "/carol");
        assertEquals("service-unavailable", TestStanzas.condition(carol.last()), "§7.2.10");
    }

    @Test
    void aKickRemovesEverySession() {
        h.join(phone, BOB);
        h.admin(owner, ROOM, "set", "nick", "bob", "role", "none");
        for (FakeSession s : List.of(desk, phone)) {
            Stanza last = Harness.of(s, "presence").get(Harness.of(s, "presence").size() - 1);
            assertEquals("unavailable", last.type());
            assertTrue(Harness.codes(last).containsAll(List.of(110, 307)), Harness.codes(last).toString());
        }
        h.groupchat(phone, ROOM, "am I in?");
        assertEquals("not-acceptable", TestStanzas.condition(phone.last()));
    }

    @Test
    void oneSessionTakingAnotherNickMovesAlone() {
        h.join(phone, BOB);
        owner.delivered.clear();
        desk.delivered.clear();
        phone.delivered.clear();
        h.send(h.joinPresence(phone, ROOM + "/robert", false));
        Stanza left = phone.delivered.get(0);
        assertEquals(BOB, left.element().attributeValue("from"));
        assertEquals("unavailable", left.type());
        assertTrue(Harness.codes(left).containsAll(List.of(110, 303)));
        assertEquals("robert", Harness.item(left).attributeValue("nick"));
        assertEquals(ROOM + "/robert", phone.last().element().attributeValue("from"));
        assertTrue(Harness.codes(phone.last()).contains(110));
        assertEquals(List.of(ROOM + "/robert"), owner.delivered.stream()
                .map(s -> s.element().attributeValue("from")).toList(), "the others see robert arrive, bob stays");
        assertTrue(desk.delivered.stream().noneMatch(s -> BOB.equals(s.element().attributeValue("from"))),
                "the desk session keeps its nick undisturbed");

        h.send(h.joinPresence(phone, BOB, false));
        assertEquals("unavailable", Harness.of(owner, "presence").get(1).type(), "robert leaves");
        assertTrue(Harness.codes(Harness.of(owner, "presence").get(1)).stream().noneMatch(c -> c == 303),
                "merging back is no rename for the others");
        h.groupchat(owner, ROOM, "both?");
        assertEquals("both?", phone.last().element().elementText("body"));
        assertEquals("both?", desk.last().element().elementText("body"));
    }
}
