package parlance.pubsub.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** PEP (XEP-0163): auto-create, filtered notifications by capabilities, last items on presence, access. */
class PepTest {
    static final String MOOD = "http://jabber.org/protocol/mood";
    final Harness h = new Harness();
    final FakeSession alice = h.user("alice@example.org/phone");
    final FakeSession bob = h.user("bob@example.org/laptop");

    static Element mood(String text) {
        return Requests.payload("mood", MOOD, text);
    }

    @Test
    void publishAutoCreatesTheNodeAndNotifiesContactsThatAskForIt() {
        h.friends("alice@example.org", "bob@example.org");
        h.available(alice, List.of("urn:xmpp:ping"), "bob@example.org");
        h.available(bob, List.of(MOOD + "+notify"), "alice@example.org");

        Stanza reply = h.pep(alice, null, "set", Requests.publish(MOOD, "current", mood("happy")));

        assertEquals("result", reply.type());
        List<Element> events = Harness.events(bob);
        assertEquals(1, events.size());
        Element item = events.get(0).element("items").element("item");
        assertEquals("current", item.attributeValue("id"));
        assertEquals("happy", item.element(QName.get("mood", MOOD)).getText());
        assertTrue(Harness.events(alice).isEmpty(), "alice's client did not ask for mood notifications");
        Stanza message = bob.delivered.stream().filter(s -> s.kind() == Stanza.Kind.MESSAGE).findFirst().get();
        assertEquals("alice@example.org", message.element().attributeValue("from"));
        assertEquals("headline", message.element().attributeValue("type"));
    }

    /**
     * A client that answers the caps query to its node#ver with an error (XEP-0115 §6.3 leaves the server without
     * its features) is asked plainly (XEP-0030 §3.1), and what it answers counts for it: it still gets notified.
     */
    @Test
    void aClientThatRefusesItsCapsNodeIsAskedPlainlyAndStillNotified() {
        h.friends("alice@example.org", "bob@example.org");
        h.refuseCapsNode.add(bob.jid);
        h.available(alice, List.of("urn:xmpp:ping"), "bob@example.org");
        h.available(bob, List.of(MOOD + "+notify"), "alice@example.org");

        h.pep(alice, null, "set", Requests.publish(MOOD, "current", mood("patient")));

        assertEquals(1, Harness.events(bob).size(), "bob is notified after the plain disco#info");
    }

    @Test
    void ownResourcesThatAskForTheNodeAreNotifiedToo() {
        FakeSession tablet = h.user("alice@example.org/tablet");
        h.available(tablet, List.of(MOOD + "+notify"));
        h.pep(alice, null, "set", Requests.publish(MOOD, "current", mood("calm")));
        assertEquals(1, Harness.events(tablet).size());
    }

    @Test
    void contactsWithoutSubscriptionAreNotNotified() {
        h.roster("bob", "alice@example.org", "to"); // bob sees alice's presence, alice has no 'from' for bob
        h.available(bob, List.of(MOOD + "+notify"), "alice@example.org");
        h.pep(alice, null, "set", Requests.publish(MOOD, "current", mood("shy")));
        assertTrue(Harness.events(bob).isEmpty());
    }

    @Test
    void aContactComingOnlineGetsTheLastItemOnceAndAgainAfterItsFilterChanges() {
        h.friends("alice@example.org", "bob@example.org");
        h.pep(alice, null, "set", Requests.publish(MOOD, "current", mood("sleepy")));
        h.available(bob, List.of(MOOD + "+notify"), "alice@example.org");
        List<Element> events = Harness.events(bob);
        assertEquals(1, events.size());
        Stanza message = bob.delivered.stream().filter(s -> s.kind() == Stanza.Kind.MESSAGE).findFirst().get();
        assertNotNull(message.element().element(QName.get("delay", Ns.DELAY)), "marked as delayed (XEP-0203)");

        h.available(bob, List.of(MOOD + "+notify"), "alice@example.org"); // a status change: nothing new
        assertEquals(1, Harness.events(bob).size());

        h.available(bob, List.of("urn:xmpp:ping"), "alice@example.org"); // filter removed, then added again
        h.available(bob, List.of(MOOD + "+notify", "urn:xmpp:ping"), "alice@example.org");
        assertEquals(2, Harness.events(bob).size());
    }

    @Test
    void itemsNeedAPresenceSubscriptionUnderTheDefaultAccessModel() {
        FakeSession eve = h.user("eve@example.org/x");
        h.roster("alice", "bob@example.org", "from");
        h.pep(alice, null, "set", Requests.publish(MOOD, "current", mood("ok")));

        Stanza denied = h.pep(eve, "alice@example.org", "get", Requests.items(MOOD, null));
        assertEquals("not-authorized", TestStanzas.condition(denied));
        assertEquals("presence-subscription-required", Harness.pubsubCondition(denied));

        Stanza allowed = h.pep(bob, "alice@example.org", "get", Requests.items(MOOD, null));
        assertEquals(List.of("current"), Requests.ids(allowed.payload().element("items")));
    }

    @Test
    void publishOptionsConfigureANewNodeAndMustMatchAnExistingOne() {
        String bookmarks = "urn:xmpp:bookmarks:1";
        Element conference = Requests.payload("conference", bookmarks, "");
        Stanza created = h.pep(alice, null, "set", Requests.publish(bookmarks, "room@muc.example.org", conference,
                "pubsub#persist_items", "true", "pubsub#access_model", "whitelist", "pubsub#max_items", "max",
                "pubsub#send_last_published_item", "never"));
        assertEquals("result", created.type());

        h.friends("alice@example.org", "bob@example.org");
        Stanza closed = h.pep(bob, "alice@example.org", "get", Requests.items(bookmarks, null));
        assertEquals("closed-node", Harness.pubsubCondition(closed));

        Stanza config = h.pep(alice, null, "get", Requests.ownerAction("configure", bookmarks));
        Element form = config.payload().element("configure").element(QName.get("x", Ns.DATA));
        assertEquals("256", Forms.first(Forms.values(form), "pubsub#max_items"), "max is the service limit");

        Stanza conflict = h.pep(alice, null, "set", Requests.publish(bookmarks, "other@muc.example.org",
                conference, "pubsub#access_model", "presence"));
        assertEquals("conflict", TestStanzas.condition(conflict));
        assertEquals("precondition-not-met", Harness.pubsubCondition(conflict));

        Stanza same = h.pep(alice, null, "set", Requests.publish(bookmarks, "other@muc.example.org",
                conference, "pubsub#access_model", "whitelist", "pubsub#max_items", "max"));
        assertEquals("result", same.type());
        Stanza items = h.pep(alice, null, "get", Requests.items(bookmarks, null));
        assertEquals(2, Requests.ids(items.payload().element("items")).size());
    }

    @Test
    void onlyTheAccountPublishesAndNodesPerAccountAreLimited() {
        Stanza forbidden = h.pep(bob, "alice@example.org", "set", Requests.publish(MOOD, "x", mood("a")));
        assertEquals("forbidden", TestStanzas.condition(forbidden));

        Harness small = new Harness(new Settings("PubSub", 10, 5, 2, 1000, "open", "local", 64), null);
        FakeSession carol = small.user("carol@example.org/r");
        assertEquals("result", small.pep(carol, null, "set", Requests.create("a")).type());
        assertEquals("result", small.pep(carol, null, "set", Requests.publish("b", "1", mood("x"))).type());
        Stanza third = small.pep(carol, null, "set", Requests.publish("c", "1", mood("x")));
        assertEquals("not-allowed", TestStanzas.condition(third));
        assertEquals("item-not-found", TestStanzas.condition(small.pep(carol, null, "get", Requests.items("c", null))));
    }

    @Test
    void retractTellsContactsAndItemsAreLimitedByMaxItems() {
        h.friends("alice@example.org", "bob@example.org");
        h.available(bob, List.of(MOOD + "+notify"), "alice@example.org");
        h.pep(alice, null, "set", Requests.publish(MOOD, "1", mood("a")));
        h.pep(alice, null, "set", Requests.publish(MOOD, "2", mood("b")));
        Stanza items = h.pep(alice, null, "get", Requests.items(MOOD, null));
        assertEquals(List.of("2"), Requests.ids(items.payload().element("items")), "PEP nodes keep one item");

        Element retract = Requests.action("retract", MOOD, null);
        retract.element("retract").addElement("item", Ns.PUBSUB).addAttribute("id", "2");
        assertEquals("result", h.pep(alice, null, "set", retract).type());
        Element last = Harness.events(bob).get(Harness.events(bob).size() - 1);
        assertEquals("2", last.element("items").element("retract").attributeValue("id"));
    }

    /**
     * Smack re-sends its presence with new caps 25 ms after a listener adds {@code +notify}, often right after
     * login. im's copy of the first presence to a contact can come after that second presence (it waits for a
     * roster read): it must not set the client's features back.
     */
    @Test
    void aLateCopyOfAnOlderPresenceDoesNotUndoNewerCaps() {
        h.friends("alice@example.org", "bob@example.org");
        h.available(alice, List.of("urn:xmpp:ping"));
        Stanza first = h.ownPresence(bob, List.of("urn:xmpp:ping"));
        Stanza second = h.ownPresence(bob, List.of(MOOD + "+notify"));
        h.routedCopy(first, "alice@example.org");
        h.routedCopy(second, "alice@example.org");
        h.routedCopy(first, "alice@example.org");

        h.pep(alice, null, "set", Requests.publish(MOOD, "current", mood("late")));

        assertEquals(1, Harness.events(bob).size(), "bob's newest caps ask for mood");
    }

    /** A copy routed after the client went unavailable does not make it present again to the contact. */
    @Test
    void aCopyArrivingAfterUnavailableIsIgnored() {
        h.friends("alice@example.org", "bob@example.org");
        Stanza available = h.ownPresence(bob, List.of("urn:xmpp:ping"));
        h.unavailable(bob);
        h.routedCopy(available, "alice@example.org");
        assertTrue(h.engine.presence.present(TestStanzas.jid("alice@example.org")).isEmpty(),
                "bob is not present to alice");
    }

    @Test
    void aLocalContactGetsTheLastItemFromItsOwnPresenceAlone() {
        h.friends("alice@example.org", "bob@example.org");
        h.pep(alice, null, "set", Requests.publish(MOOD, "current", mood("curious")));
        h.available(bob, List.of(MOOD + "+notify")); // bob's broadcast seen only as his own presence
        assertEquals(1, Harness.events(bob).size());
        h.available(bob, List.of(MOOD + "+notify"), "alice@example.org"); // then routed too: no duplicate
        assertEquals(1, Harness.events(bob).size());
    }
}
