package parlance.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** XEP-0045 §7.2 entering, §7.14 leaving, §10.1 creating rooms. */
class JoinLeaveTest {
    static final String ROOM = "room@" + Harness.SERVICE;
    final Harness h = new Harness();
    final FakeSession owner = h.user("owner@example.org/a");
    final FakeSession bob = h.user("bob@example.org/b");

    @Test
    void creatingARoomGives201And110AndLocksItUntilConfigured() {
        h.join(owner, ROOM + "/boss");
        Stanza self = owner.delivered.get(0);
        assertEquals(ROOM + "/boss", self.element().attributeValue("from"));
        assertTrue(Harness.codes(self).containsAll(List.of(110, 201)), Harness.codes(self).toString());
        assertEquals("owner", Harness.item(self).attributeValue("affiliation"));
        assertEquals("moderator", Harness.item(self).attributeValue("role"));

        h.join(bob, ROOM + "/bob");
        assertEquals("item-not-found", TestStanzas.condition(bob.last()), "§10.1.1: a locked room is not there");

        h.send(TestStanzas.iq(owner.jid.toString(), ROOM, "set", MucNs.OWNER, "query"));
        Stanza iq = TestStanzas.iq(owner.jid.toString(), ROOM, "set", MucNs.OWNER, "query");
        iq.payload().add(DataForms.form("submit", null));
        h.send(iq);
        assertEquals("result", owner.last().type());
        bob.delivered.clear();
        h.join(bob, ROOM + "/bob");
        assertEquals(2, Harness.of(bob, "presence").size(), "owner's presence, then its own");
    }

    @Test
    void joiningSendsOthersThenSelfThenSubject() {
        h.createInstant(owner, ROOM + "/boss");
        owner.delivered.clear();
        h.join(bob, ROOM + "/bob");
        List<Stanza> presences = Harness.of(bob, "presence");
        assertEquals(ROOM + "/boss", presences.get(0).element().attributeValue("from"));
        assertEquals(ROOM + "/bob", presences.get(1).element().attributeValue("from"));
        assertEquals(List.of(110), Harness.codes(presences.get(1)).stream().filter(c -> c == 110).toList());
        assertFalse(Harness.codes(presences.get(1)).contains(201));
        Stanza subject = bob.last();
        assertEquals("message", subject.kind().elementName());
        assertNotNull(subject.element().element("subject"), "§7.2.15: the subject comes last");
        Stanza seenByOwner = owner.delivered.get(0);
        assertEquals(ROOM + "/bob", seenByOwner.element().attributeValue("from"));
        assertEquals("bob@example.org/b", Harness.item(seenByOwner).attributeValue("jid"),
                "moderators see real addresses in semi-anonymous rooms");
        assertNull(Harness.item(presences.get(0)).attributeValue("jid"),
                "a participant does not see real addresses in a semi-anonymous room");
    }

    @Test
    void leavingTellsEveryoneAndSelfWith110() {
        h.createInstant(owner, ROOM + "/boss");
        h.join(bob, ROOM + "/bob");
        owner.delivered.clear();
        bob.delivered.clear();
        h.send(TestStanzas.presence(bob.jid.toString(), ROOM + "/bob", "unavailable", 0));
        Stanza self = bob.last();
        assertEquals("unavailable", self.type());
        assertTrue(Harness.codes(self).contains(110));
        assertEquals("none", Harness.item(self).attributeValue("role"));
        assertEquals("unavailable", owner.last().type());
        assertFalse(Harness.codes(owner.last()).contains(110));
    }

    @Test
    void leavingALockedRoomAlsoAnswers() {
        h.join(owner, ROOM + "/boss");
        h.send(TestStanzas.presence(owner.jid.toString(), ROOM + "/boss", "unavailable", 0));
        assertEquals("unavailable", owner.last().type());
        assertTrue(Harness.codes(owner.last()).contains(110));
    }

    @Test
    void temporaryRoomGoesAwayWithItsLastOccupant() {
        h.createInstant(owner, ROOM + "/boss");
        h.send(TestStanzas.presence(owner.jid.toString(), ROOM + "/boss", "unavailable", 0));
        owner.delivered.clear();
        h.join(owner, ROOM + "/boss");
        assertTrue(Harness.codes(owner.delivered.get(0)).contains(201), "the room was created anew");
    }

    @Test
    void nonAnonymousRoomSays100AndArchivedRoomSays170() {
        h.createInstant(owner, ROOM + "/boss");
        h.configure(owner, ROOM, RoomConfig.WHOIS, "anyone");
        h.join(bob, ROOM + "/bob");
        Stanza self = Harness.of(bob, "presence").get(1);
        assertTrue(Harness.codes(self).containsAll(List.of(100, 110, 170)), Harness.codes(self).toString());
        assertEquals("owner@example.org/a", Harness.item(Harness.of(bob, "presence").get(0)).attributeValue("jid"));
    }

    @Test
    void nickModifiedByTheServiceGets210() {
        h.createInstant(owner, ROOM + "/boss");
        Stanza p = h.joinPresence(bob, ROOM + "/bob", true);
        p.element().addAttribute("to", ROOM + "/Bob");
        h.send(p);
        assertTrue(Harness.codes(Harness.of(bob, "presence").get(1)).contains(210));
    }

    @Test
    void nicknameInUseIsAConflictAndNoNickIsMalformed() {
        h.createInstant(owner, ROOM + "/boss");
        h.join(bob, ROOM + "/boss");
        assertEquals("conflict", TestStanzas.condition(bob.last()));
        h.send(h.joinPresence(bob, ROOM, true));
        assertEquals("jid-malformed", TestStanzas.condition(bob.last()));
    }

    @Test
    void presenceUpdateIsBroadcast() {
        h.createInstant(owner, ROOM + "/boss");
        h.join(bob, ROOM + "/bob");
        owner.delivered.clear();
        Stanza away = TestStanzas.stanza("presence", bob.jid.toString(), ROOM + "/bob", null);
        away.element().addElement("show", "jabber:client").setText("away");
        h.send(away);
        assertEquals("away", owner.last().element().elementText("show"));
    }

    @Test
    void nickChangeSends303ThenTheNewPresence() {
        h.createInstant(owner, ROOM + "/boss");
        h.join(bob, ROOM + "/bob");
        owner.delivered.clear();
        bob.delivered.clear();
        h.send(h.joinPresence(bob, ROOM + "/robert", false));
        Stanza gone = owner.delivered.get(0);
        assertEquals("unavailable", gone.type());
        assertTrue(Harness.codes(gone).contains(303));
        assertEquals("robert", Harness.item(gone).attributeValue("nick"));
        assertEquals(ROOM + "/robert", owner.delivered.get(1).element().attributeValue("from"));
        assertTrue(Harness.codes(bob.delivered.get(0)).containsAll(List.of(303, 110)));
        h.join(h.user("carol@example.org/c"), ROOM + "/bob");
        assertEquals(3, Harness.of(h.sessions.get(TestStanzas.jid("carol@example.org/c")), "presence").size(),
                "the old nick is free again");
    }
}
