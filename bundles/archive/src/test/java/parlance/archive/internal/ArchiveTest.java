package parlance.archive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.api.storage.ArchivedMessage;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** Which messages land in whose archive (XEP-0313 §3, §6) and the stanza-id on delivered copies (XEP-0359). */
class ArchiveTest {
    private Harness h;
    private FakeSession juliet;
    private FakeSession romeo;

    @BeforeEach
    void setUp() throws Exception {
        h = new Harness("always", 50);
        juliet = h.login("juliet@example.org/balcony", 1);
        romeo = h.login("romeo@example.org/orchard", 1);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void chatIsArchivedOnBothSidesAndTheDeliveredCopyCarriesTheRecipientsArchiveId() {
        h.chat(romeo, "juliet@example.org", "hello");
        Harness.await(() -> !juliet.delivered.isEmpty());

        List<ArchivedMessage> julietArchive = h.stores.archive("juliet@example.org");
        List<ArchivedMessage> romeoArchive = h.stores.archive("romeo@example.org");
        assertEquals(1, julietArchive.size());
        assertEquals("romeo@example.org/orchard", julietArchive.get(0).with());
        assertEquals(1, romeoArchive.size());
        assertEquals("juliet@example.org", romeoArchive.get(0).with());
        assertTrue(romeoArchive.get(0).stanzaXml().contains("hello"));

        Stanza got = juliet.last();
        assertEquals(julietArchive.get(0).id(), Stamps.stanzaId(got, TestStanzas.jid("juliet@example.org")));
        assertNull(Stamps.stanzaId(got, TestStanzas.jid("romeo@example.org")),
                "the sender's archive id is the sender's business");
        assertFalse(julietArchive.get(0).stanzaXml().contains("stanza-id"), "the stored copy has no stamp");
    }

    @Test
    void groupchatHeadlineErrorBodilessAndNoStoreAreNotArchived() {
        Stanza headline = TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "headline", "news");
        Stanza bodiless = TestStanzas.stanza("message", "romeo@example.org/orchard", "juliet@example.org", "chat");
        bodiless.element().addElement(QName.get("active", Ns.CHAT_STATES));
        Stanza hinted = TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "secret");
        hinted.element().addElement(QName.get("no-store", Ns.HINTS));
        Stanza groupchat = TestStanzas.message("romeo@example.org/orchard", "room@muc.example.org", "groupchat", "g");
        for (Stanza s : List.of(headline, bodiless, hinted, groupchat)) {
            h.send(romeo, s);
        }
        h.chat(romeo, "juliet@example.org", "last");
        Harness.await(() -> Harness.bodies(juliet).contains("last"));
        assertEquals(List.of("news", "secret", "last"), Harness.bodies(juliet));
        assertEquals(1, h.stores.archive("juliet@example.org").size());
        assertEquals(1, h.stores.archive("romeo@example.org").size());
    }

    @Test
    void aForgedStanzaIdOfTheRecipientIsRemovedAndAnotherEntitysIsKept() {
        Stanza m = TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "trust me");
        m.element().addElement(QName.get("stanza-id", Ns.SID)).addAttribute("id", "forged")
                .addAttribute("by", "juliet@example.org");
        m.element().addElement(QName.get("stanza-id", Ns.SID)).addAttribute("id", "room-id")
                .addAttribute("by", "room@muc.example.org");
        h.send(romeo, m);
        Harness.await(() -> !juliet.delivered.isEmpty());
        Stanza got = juliet.last();
        assertEquals(h.stores.archive("juliet@example.org").get(0).id(),
                Stamps.stanzaId(got, TestStanzas.jid("juliet@example.org")));
        assertEquals(2, got.element().elements(QName.get("stanza-id", Ns.SID)).size());
        assertEquals("room-id", Stamps.stanzaId(got, TestStanzas.jid("room@muc.example.org")));
    }

    @Test
    void messagesToAnAbsentAccountOrWithAFailingStoreAreStillHandledAndNothingIsInvented() {
        h.chat(romeo, "ghost@example.org", "anyone?");
        Harness.await(() -> TestStanzas.condition(romeo.last()) != null);
        assertEquals("service-unavailable", TestStanzas.condition(romeo.last()));
        assertTrue(h.stores.archive("ghost@example.org").isEmpty());

        h.stores.failArchive = true;
        h.chat(romeo, "juliet@example.org", "despite the disk");
        Harness.await(() -> Harness.bodies(juliet).contains("despite the disk"));
        assertNull(Stamps.stanzaId(juliet.last(), TestStanzas.jid("juliet@example.org")));
    }

    /** An account with a session exists: archiving a message to it does not ask the user store (one query less). */
    @Test
    void aMessageToAnOnlineAccountIsArchivedWithoutAskingTheUserStore() {
        h.chat(romeo, "juliet@example.org", "hi");
        Harness.await(() -> Harness.bodies(juliet).contains("hi"));
        assertEquals(1, h.stores.archive("juliet@example.org").size());
        assertEquals(0, h.stores.existsCalls.get());

        h.chat(romeo, "nurse@example.org", "for later"); // offline: asked, archived, stored for later by im
        Harness.await(() -> h.stores.archive("nurse@example.org").size() == 1);
        assertTrue(h.stores.existsCalls.get() >= 1);
    }

    @Test
    void aSendersMessagesArriveInOrderWhileEachWaitsForItsArchive() {
        for (int i = 0; i < 30; i++) {
            h.chat(romeo, i % 2 == 0 ? "juliet@example.org" : "juliet@example.org/balcony", "m" + i);
        }
        Harness.await(() -> Harness.bodies(juliet).size() == 30);
        for (int i = 0; i < 30; i++) {
            assertEquals("m" + i, Harness.bodies(juliet).get(i));
        }
        List<ArchivedMessage> archive = h.stores.archive("juliet@example.org");
        assertEquals(30, archive.size());
        assertTrue(archive.get(29).stanzaXml().contains("m29"));
    }

    @Test
    void preferencesDecidePerPartnerAndRosterModeAsksTheRoster() {
        Stanza set = TestStanzas.iq("juliet@example.org/balcony", null, "set", Ns.MAM, "prefs");
        set.element().element("prefs").addAttribute("default", "roster");
        set.element().element("prefs").addElement("never", Ns.MAM).addElement("jid", Ns.MAM)
                .setText("Nurse@example.org");
        h.send(juliet, set);
        Harness.await(() -> juliet.last() != null);
        assertEquals("result", juliet.last().type());
        assertEquals("nurse@example.org", juliet.last().element().element("prefs").element("never")
                .elementText("jid"), "addresses are prepared and the stored prefs are answered");

        h.stores.rosters.put("juliet", List.of(new parlance.api.storage.RosterItem(TestStanzas.jid(
                "romeo@example.org"), null, parlance.api.storage.RosterItem.Subscription.BOTH, false, false, false,
                java.util.Set.of())));
        FakeSession nurse = new FakeSession("nurse@example.org/kitchen").available(0);
        FakeSession tybalt = new FakeSession("tybalt@example.org/street").available(0);
        h.stores.users.add("tybalt");
        try {
            h.sessions.register(nurse);
            h.sessions.register(tybalt);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        h.chat(nurse, "juliet@example.org", "from the nurse");
        h.chat(tybalt, "juliet@example.org", "from a stranger");
        h.chat(romeo, "juliet@example.org", "from romeo");
        Harness.await(() -> Harness.bodies(juliet).size() == 3);
        List<ArchivedMessage> archive = h.stores.archive("juliet@example.org");
        assertEquals(1, archive.size());
        assertTrue(archive.get(0).stanzaXml().contains("from romeo"));

        Stanza get = TestStanzas.iq("juliet@example.org/balcony", null, "get", Ns.MAM, "prefs");
        juliet.delivered.clear();
        h.send(juliet, get);
        Harness.await(() -> juliet.last() != null);
        assertEquals("roster", juliet.last().element().element("prefs").attributeValue("default"));
        assertNotNull(h.stores.privateXml.get("juliet|" + Preferences.KEY), "preferences are stored");
    }

    @Test
    void anotherAccountCannotReadOrConfigureTheArchive() {
        h.send(romeo, TestStanzas.iq("romeo@example.org/orchard", "juliet@example.org", "set", Ns.MAM, "query"));
        h.send(romeo, TestStanzas.iq("romeo@example.org/orchard", "juliet@example.org", "get", Ns.MAM, "prefs"));
        Harness.await(() -> romeo.delivered.size() == 2);
        assertEquals("forbidden", TestStanzas.condition(romeo.delivered.get(0)));
        assertEquals("forbidden", TestStanzas.condition(romeo.delivered.get(1)));
    }
}
