package parlance.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** Persistent rooms through the RoomStore (XEP-0045 §10.2), password rooms (§7.2.6), XEP-0205 limits. */
class PersistenceLimitsTest {
    static final String ROOM = "room@" + Harness.SERVICE;

    @Test
    void persistentRoomSurvivesARestartWithConfigAffiliationsSubjectAndOccupantIds() {
        MemoryRoomStore store = new MemoryRoomStore();
        MemoryArchiveStore archive = new MemoryArchiveStore();
        Harness first = new Harness(Settings.defaults(), store, archive);
        FakeSession owner = first.user("owner@example.org/a");
        first.createInstant(owner, ROOM + "/boss");
        first.configure(owner, ROOM, RoomConfig.PERSISTENT, "1", RoomConfig.NAME, "Tea", RoomConfig.MEMBERS_ONLY,
                "1");
        first.admin(owner, ROOM, "set", "jid", "bob@example.org", "affiliation", "member");
        Stanza subject = TestStanzas.stanza("message", owner.jid.toString(), ROOM, "groupchat");
        subject.element().addElement("subject", "jabber:client").setText("Biscuits");
        first.send(subject);
        String ownerId = occupantId(owner.delivered.get(0));
        first.rooms.all().forEach(slot -> first.handler.shutdown(slot.room));
        assertEquals(List.of(110, 332), Harness.codes(owner.last()));
        assertEquals(1, store.rooms.size());

        Harness second = new Harness(Settings.defaults(), store, archive);
        FakeSession bob = second.user("bob@example.org/b");
        second.join(bob, ROOM + "/bob");
        List<Stanza> presences = Harness.of(bob, "presence");
        assertEquals("member", Harness.item(presences.get(0)).attributeValue("affiliation"),
                "members-only and bob's membership were kept");
        assertEquals("Biscuits", bob.last().element().elementText("subject"));
        FakeSession owner2 = second.user("owner@example.org/a");
        second.join(owner2, ROOM + "/boss");
        assertEquals("owner", Harness.item(owner2.delivered.get(1)).attributeValue("affiliation"));
        assertEquals(ownerId, occupantId(owner2.delivered.get(1)), "XEP-0421 ids stay stable");
        second.send(TestStanzas.iq(bob.jid.toString(), ROOM, "get", "http://jabber.org/protocol/disco#info",
                "query"));
        assertTrue(bob.last().payload().asXML().contains("muc_persistent"));
        assertTrue(bob.last().payload().asXML().contains("name=\"Tea\""));
    }

    private static String occupantId(Stanza s) {
        return s.element().element(QName.get("occupant-id", MucNs.OCCUPANT_ID)).attributeValue("id");
    }

    @Test
    void temporaryRoomsAreNotStoredAndDestroyedRoomsAreDeleted() {
        Harness h = new Harness();
        FakeSession owner = h.user("owner@example.org/a");
        h.createInstant(owner, ROOM + "/boss");
        assertTrue(h.roomStore.rooms.isEmpty());
        h.configure(owner, ROOM, RoomConfig.PERSISTENT, "1");
        assertEquals(1, h.roomStore.rooms.size());
        Stanza iq = TestStanzas.iq(owner.jid.toString(), ROOM, "set", MucNs.OWNER, "query");
        iq.payload().addElement("destroy", MucNs.OWNER);
        h.send(iq);
        assertTrue(h.roomStore.rooms.isEmpty());
    }

    @Test
    void withoutStoresRoomsStillWork() {
        Harness h = new Harness(Settings.defaults(), null, null);
        FakeSession owner = h.user("owner@example.org/a");
        h.createInstant(owner, ROOM + "/boss");
        h.configure(owner, ROOM, RoomConfig.PERSISTENT, "1");
        h.groupchat(owner, ROOM, "hello");
        assertEquals("hello", owner.last().element().elementText("body"));
        assertTrue(Harness.codes(owner.delivered.get(0)).stream().noneMatch(c -> c == 170));
    }

    @Test
    void passwordProtectedRoom() {
        Harness h = new Harness();
        FakeSession owner = h.user("owner@example.org/a");
        FakeSession bob = h.user("bob@example.org/b");
        h.createInstant(owner, ROOM + "/boss");
        h.configure(owner, ROOM, RoomConfig.PASSWORD_PROTECTED, "1", RoomConfig.SECRET, "s3cret");
        h.join(bob, ROOM + "/bob");
        assertEquals("not-authorized", TestStanzas.condition(bob.last()));
        Stanza join = h.joinPresence(bob, ROOM + "/bob", true);
        join.element().element("x").addElement("password", MucNs.MUC).setText("s3cret");
        h.send(join);
        assertEquals(2, Harness.of(bob, "presence").size() - 1);
    }

    @Test
    void occupantAndRoomCreationLimits() {
        Settings tight = new Settings("Rooms", 2, 1, 10, 30, 20, 100, true, 100, false);
        Harness h = new Harness(tight, new MemoryRoomStore(), new MemoryArchiveStore());
        FakeSession owner = h.user("owner@example.org/a");
        h.createInstant(owner, ROOM + "/boss");
        h.join(h.user("bob@example.org/b"), ROOM + "/bob");
        FakeSession carol = h.user("carol@example.org/c");
        h.join(carol, ROOM + "/carol");
        assertEquals("service-unavailable", TestStanzas.condition(carol.last()), "§7.2.10 the room is full");
        h.join(owner, "second@" + Harness.SERVICE + "/boss");
        Stanza refused = owner.last();
        assertEquals("resource-constraint", TestStanzas.condition(refused));
        Element error = refused.element().element("error");
        assertEquals("wait", error.attributeValue("type"));
    }
}
