package parlance.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** XEP-0045 §7.2.14 history on join; XEP-0313 room archive queries with XEP-0059 paging. */
class HistoryArchiveTest {
    static final String ROOM = "room@" + Harness.SERVICE;
    final Harness h = new Harness();
    final FakeSession owner = h.user("owner@example.org/a");

    @BeforeEach
    void room() {
        h.createInstant(owner, ROOM + "/boss");
        for (int i = 1; i <= 5; i++) {
            h.groupchat(owner, ROOM, "message " + i);
            h.clock.addAndGet(60_000);
        }
    }

    private List<String> historyFor(String attribute, String value) {
        FakeSession s = h.user("u" + System.nanoTime() + "@example.org/x");
        Stanza join = h.joinPresence(s, ROOM + "/u" + System.nanoTime(), true);
        if (attribute != null) {
            join.element().element("x").addElement("history", MucNs.MUC).addAttribute(attribute, value);
        }
        h.send(join);
        return Harness.bodies(s).stream().map(m -> m.element().elementText("body")).toList();
    }

    @Test
    void historyComesWithDelayAndObeysEachLimit() {
        assertEquals(List.of("message 1", "message 2", "message 3", "message 4", "message 5"),
                historyFor(null, null));
        assertEquals(List.of("message 4", "message 5"), historyFor("maxstanzas", "2"));
        assertEquals(List.of(), historyFor("maxstanzas", "0"));
        assertEquals(List.of(), historyFor("maxchars", "0"));
        assertEquals(List.of("message 5"), historyFor("maxchars", "700"));
        assertEquals(List.of("message 4", "message 5"), historyFor("seconds", "150"));
        Instant since = Instant.ofEpochMilli(h.clock.get() - 200_000);
        assertEquals(List.of("message 3", "message 4", "message 5"), historyFor("since", since.toString()));
        FakeSession s = h.user("late@example.org/x");
        h.join(s, ROOM + "/late");
        Stanza first = Harness.bodies(s).get(0);
        Element delay = first.element().element(QName.get("delay", "urn:xmpp:delay"));
        assertEquals(ROOM, delay.attributeValue("from"));
        assertEquals(ROOM + "/boss", first.element().attributeValue("from"));
    }

    @Test
    void historyLengthIsConfigurable() {
        h.configure(owner, ROOM, RoomConfig.HISTORY, "2");
        h.groupchat(owner, ROOM, "message 6");
        assertEquals(List.of("message 5", "message 6"), historyFor(null, null));
    }

    private Stanza mam(FakeSession who, String max, String after, String before, String with) {
        Stanza iq = TestStanzas.iq(who.jid.toString(), ROOM, "set", MucNs.MAM, "query");
        iq.payload().addAttribute("queryid", "q1");
        if (with != null) {
            Element form = DataForms.form("submit", MucNs.MAM);
            DataForms.field(form, "with", null, null, with);
            iq.payload().add(form);
        }
        Element set = iq.payload().addElement("set", MucNs.RSM);
        set.addElement("max", MucNs.RSM).setText(max);
        if (after != null) {
            set.addElement("after", MucNs.RSM).setText(after);
        }
        if (before != null) {
            set.addElement("before", MucNs.RSM).setText(before);
        }
        who.delivered.clear();
        h.send(iq);
        return who.last();
    }

    private static List<String> results(FakeSession who) {
        return who.delivered.stream().filter(s -> s.element().element(QName.get("result", MucNs.MAM)) != null)
                .map(s -> s.element().element(QName.get("result", MucNs.MAM)).element("forwarded")
                        .element("message").elementText("body"))
                .toList();
    }

    @Test
    void archivePagesForwardAndBackward() {
        Stanza fin = mam(owner, "2", null, null, null);
        assertEquals(List.of("message 1", "message 2"), results(owner));
        Element f = fin.payload();
        assertEquals("fin", f.getName());
        assertEquals(null, f.attributeValue("complete"));
        Element set = f.element("set");
        assertEquals("5", set.elementText("count"));
        String last = set.elementText("last");
        fin = mam(owner, "5", last, null, null);
        assertEquals(List.of("message 3", "message 4", "message 5"), results(owner));
        assertEquals("true", fin.payload().attributeValue("complete"));
        mam(owner, "2", null, "", null);
        assertEquals(List.of("message 4", "message 5"), results(owner));
        Stanza result = owner.delivered.get(0);
        Element r = result.element().element(QName.get("result", MucNs.MAM));
        assertEquals("q1", r.attributeValue("queryid"));
        assertNotNull(r.element("forwarded").element(QName.get("delay", "urn:xmpp:delay")));
        assertEquals("item-not-found", TestStanzas.condition(mam(owner, "2", "no-such-id", null, null)));
    }

    @Test
    void archiveFiltersBySenderAndGuardsMembersOnlyRooms() {
        FakeSession bob = h.user("bob@example.org/b");
        h.join(bob, ROOM + "/bob");
        h.groupchat(bob, ROOM, "from bob");
        mam(owner, "10", null, null, ROOM + "/bob");
        assertEquals(List.of("from bob"), results(owner));
        h.configure(owner, ROOM, RoomConfig.MEMBERS_ONLY, "1");
        FakeSession eve = h.user("eve@example.org/e");
        assertEquals("forbidden", TestStanzas.condition(mam(eve, "10", null, null, null)));
    }

    @Test
    void destroyingTheRoomPurgesItsArchive() {
        Stanza iq = TestStanzas.iq(owner.jid.toString(), ROOM, "set", MucNs.OWNER, "query");
        iq.payload().addElement("destroy", MucNs.OWNER);
        h.send(iq);
        assertTrue(h.archiveStore.archives.get(ROOM) == null);
    }
}
