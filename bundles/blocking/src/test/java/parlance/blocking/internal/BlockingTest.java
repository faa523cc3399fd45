package parlance.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.api.storage.RosterItem;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** XEP-0191 through the real router: the blocklist IQs, the pushes, and what a block does to stanzas. */
class BlockingTest {
    private Harness h;
    private FakeSession juliet;
    private FakeSession julietPhone;
    private FakeSession romeo;
    private FakeSession nurse;

    @BeforeEach
    void setUp() throws Exception {
        h = new Harness();
        juliet = h.login("juliet@example.org/balcony", 1);
        julietPhone = h.login("juliet@example.org/phone", 0);
        romeo = h.login("romeo@example.org/orchard", 0);
        nurse = h.login("nurse@example.org/kitchen", 0);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private Stanza send(FakeSession from, String type, String element, String... jids) {
        Stanza iq = TestStanzas.iq(from.jid.toString(), null, type, Ns.BLOCKING, element);
        for (String jid : jids) {
            iq.element().element(element).addElement(QName.get("item", Ns.BLOCKING)).addAttribute("jid", jid);
        }
        h.router.receive(from, iq);
        return from.delivered.stream().filter(r -> iq.id().equals(r.id())).findFirst().orElseThrow();
    }

    private static List<String> items(Stanza s) {
        return s.payload().elements().stream().map(e -> e.attributeValue("jid")).collect(Collectors.toList());
    }

    private static String blockedCondition(Stanza s) {
        Element error = s.element().element("error");
        return TestStanzas.condition(s) + (error.element(QName.get("blocked", Ns.ERRORS)) != null ? "+blocked" : "");
    }

    @Test
    void blockListUnblockAndUnblockAllWithPushesToSessionsThatAsked() {
        Stanza empty = send(juliet, "get", "blocklist");
        assertEquals("result", empty.type());
        assertEquals(List.of(), items(empty));

        assertEquals("result", send(juliet, "set", "block", "romeo@example.org", "tybalt@example.org").type());
        // the push goes to juliet (who asked for the list), not to the phone, which never asked
        Stanza push = juliet.delivered.stream().filter(s -> "set".equals(s.type())).findFirst().orElseThrow();
        assertEquals("block", push.payload().getName());
        assertEquals(List.of("romeo@example.org", "tybalt@example.org"), items(push));
        assertTrue(julietPhone.delivered.stream().noneMatch(s -> s.isIq()));

        assertEquals(List.of("romeo@example.org", "tybalt@example.org"), items(send(julietPhone, "get", "blocklist")));
        assertEquals("result", send(juliet, "set", "unblock", "tybalt@example.org").type());
        assertEquals(List.of("romeo@example.org"), items(send(juliet, "get", "blocklist")));
        Stanza unblockPush = julietPhone.delivered.stream().filter(s -> "set".equals(s.type())).reduce((a, b) -> b)
                .orElseThrow(); // the phone asked meanwhile: it gets pushes now
        assertEquals("unblock", unblockPush.payload().getName());

        assertEquals("result", send(juliet, "set", "unblock").type()); // §3.5: no items unblocks everything
        assertEquals(List.of(), items(send(juliet, "get", "blocklist")));
    }

    @Test
    void badRequestsAreRefusedAndTheListIsStoredWhereXep0049CannotReachIt() {
        assertEquals("bad-request", TestStanzas.condition(send(juliet, "set", "block")));
        assertEquals("jid-malformed", TestStanzas.condition(send(juliet, "set", "block", "not a jid")));
        Stanza other = TestStanzas.iq(romeo.jid.toString(), "juliet@example.org", "get", Ns.BLOCKING, "blocklist");
        h.router.receive(romeo, other);
        assertEquals("forbidden", TestStanzas.condition(romeo.last()));

        send(juliet, "set", "block", "Romeo@Example.org");
        String key = h.privateXml.keySet().iterator().next();
        assertEquals("juliet|urn:xmpp:blocking#blocklist", key);
        assertFalse(key.substring(key.indexOf('|') + 1).contains(" ")); // XEP-0049 keys are "namespace element"
        assertTrue(h.privateXml.get(key).contains("romeo@example.org")); // stored prepared
    }

    @Test
    void messagesFromABlockedContactAreRefusedAndNeverDelivered() {
        send(juliet, "set", "block", "romeo@example.org");
        h.router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hi"));
        h.router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org/phone", "chat",
                "hi phone"));
        assertTrue(julietPhone.delivered.isEmpty());
        assertTrue(juliet.delivered.stream().noneMatch(s -> s.kind() == Stanza.Kind.MESSAGE));
        assertEquals(List.of("service-unavailable", "service-unavailable"), romeo.delivered.stream()
                .map(TestStanzas::condition).collect(Collectors.toList()));
        // others still get through
        h.router.receive(nurse, TestStanzas.message("nurse@example.org/kitchen", "juliet@example.org", "chat", "x"));
        assertEquals("x", julietPhone.last().element().elementText("body"));
    }

    @Test
    void theBlockersOwnStanzasToABlockedAddressAreRefusedWithBlocked() {
        send(juliet, "set", "block", "romeo@example.org");
        int before = juliet.delivered.size();
        h.router.receive(juliet, TestStanzas.message("juliet@example.org/balcony", "romeo@example.org", "chat", "x"));
        h.router.receive(juliet, TestStanzas.presence("juliet@example.org/balcony", "romeo@example.org/orchard", null,
                0));
        h.router.receive(juliet, TestStanzas.iq("juliet@example.org/balcony", "romeo@example.org/orchard", "get",
                "jabber:iq:version", "query"));
        assertTrue(romeo.delivered.isEmpty());
        List<Stanza> errors = juliet.delivered.subList(before, juliet.delivered.size());
        assertEquals(List.of("not-acceptable+blocked", "not-acceptable+blocked", "not-acceptable+blocked"),
                errors.stream().map(BlockingTest::blockedCondition).collect(Collectors.toList()));
    }

    @Test
    void presenceAndIqsFromABlockedContactAreDroppedIqRequestsAnsweredServiceUnavailable() {
        send(juliet, "set", "block", "example.net"); // a whole domain ...
        send(juliet, "set", "block", "romeo@example.org"); // ... and an account
        int before = juliet.delivered.size();
        h.router.route(TestStanzas.presence("romeo@example.org/orchard", "juliet@example.org", null, 0));
        h.router.route(TestStanzas.presence("romeo@example.org", "juliet@example.org", "subscribe", 0));
        h.router.route(TestStanzas.presence("mercutio@example.net/x", "juliet@example.org", null, 0));
        h.router.receive(romeo, TestStanzas.iq("romeo@example.org/orchard", "juliet@example.org/balcony", "get",
                "jabber:iq:version", "query"));
        h.router.receive(romeo, TestStanzas.iq("romeo@example.org/orchard", "juliet@example.org/balcony", "result",
                "jabber:iq:version", "query"));
        assertEquals(before, juliet.delivered.size());
        assertEquals(List.of("service-unavailable"), romeo.delivered.stream().map(TestStanzas::condition)
                .collect(Collectors.toList()));
        // the nurse is not blocked
        h.router.route(TestStanzas.presence("nurse@example.org/kitchen", "juliet@example.org", null, 0));
        assertEquals(before + 1, juliet.delivered.size());
    }

    @Test
    void aSubscribedContactSeesTheBlockerGoOfflineAndComeBackOnUnblock() {
        h.subscribed("juliet", "romeo@example.org", RosterItem.Subscription.BOTH);
        h.subscribed("juliet", "nurse@example.org", RosterItem.Subscription.TO); // not subscribed to juliet
        send(juliet, "set", "block", "romeo@example.org", "nurse@example.org");
        List<Stanza> gone = romeo.delivered.stream().filter(s -> s.kind() == Stanza.Kind.PRESENCE).toList();
        assertEquals(2, gone.size()); // one per available resource of juliet
        assertTrue(gone.stream().allMatch(s -> "unavailable".equals(s.type())));
        assertTrue(nurse.delivered.isEmpty());

        // while blocked, juliet's presence broadcasts (routed by the IM bundle without a session) do not reach him
        h.router.route(TestStanzas.presence("juliet@example.org/balcony", "romeo@example.org", null, 1));
        assertEquals(2, romeo.delivered.size());

        send(juliet, "set", "unblock", "romeo@example.org");
        Stanza back = romeo.last();
        assertEquals("available", back.type());
        assertNotNull(back.element().attributeValue("from"));
    }

    @Test
    void anOfflineAccountsListIsReadFromTheStore() throws Exception {
        send(romeo, "set", "block", "nurse@example.org");
        h.sessions.unregister(romeo);
        assertFalse(h.lists.isLoaded("romeo"));
        h.router.receive(nurse, TestStanzas.message("nurse@example.org/kitchen", "romeo@example.org", "chat", "x"));
        assertEquals("service-unavailable", TestStanzas.condition(nurse.last()));

        FakeSession back = h.login("romeo@example.org/garden", 0);
        assertTrue(h.lists.isLoaded("romeo")); // loaded at bind: presence and IQs are guarded at once
        h.router.receive(nurse, TestStanzas.iq("nurse@example.org/kitchen", "romeo@example.org/garden", "get",
                "urn:xmpp:ping", "ping"));
        assertTrue(back.delivered.isEmpty());
    }

    @Test
    void matchingFollowsXep0016() {
        Blocklist list = Blocklist.of(List.of(TestStanzas.jid("romeo@example.org"), TestStanzas.jid("example.net"),
                TestStanzas.jid("juliet@example.org/balcony"), TestStanzas.jid("example.com/bot")));
        assertTrue(list.blocks(TestStanzas.jid("romeo@example.org/any")));
        assertTrue(list.blocks(TestStanzas.jid("anyone@example.net/r")));
        assertTrue(list.blocks(TestStanzas.jid("example.net")));
        assertTrue(list.blocks(TestStanzas.jid("juliet@example.org/balcony")));
        assertFalse(list.blocks(TestStanzas.jid("juliet@example.org/phone")));
        assertFalse(list.blocks(TestStanzas.jid("juliet@example.org")));
        assertTrue(list.blocks(TestStanzas.jid("example.com/bot")));
        assertFalse(list.blocks(TestStanzas.jid("someone@example.com/bot")));
        assertNull(Own.blockedError(TestStanzas.stanza("message", "a@example.org", "b@example.org", "error")));
    }
}
