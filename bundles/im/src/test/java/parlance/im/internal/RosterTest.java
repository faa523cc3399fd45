package parlance.im.internal;

import parlance.testkit.FakeSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.storage.RosterItem;

/** Roster get, set, push and versioning (RFC 6121 §2). */
class RosterTest {
    private final TestServer server = new TestServer(1000);

    @AfterEach
    void close() {
        server.close();
    }

    private static Stanza rosterGet(FakeSession s, String ver) {
        Stanza iq = T.iq(s.jid.toString(), null, "get", Namespaces.ROSTER, "query");
        if (ver != null) {
            iq.payload().addAttribute("ver", ver);
        }
        return iq;
    }

    private static Stanza rosterSet(FakeSession s, String jid, String name, String... groups) {
        Stanza iq = T.iq(s.jid.toString(), null, "set", Namespaces.ROSTER, "query");
        Element item = iq.payload().addElement(QName.get("item", Namespaces.ROSTER));
        item.addAttribute("jid", jid);
        item.addAttribute("name", name);
        for (String g : groups) {
            item.addElement(QName.get("group", Namespaces.ROSTER)).setText(g);
        }
        return iq;
    }

    private static Stanza answer(FakeSession s, Stanza request) {
        TestServer.await("answer to " + request, () -> s.delivered.stream().anyMatch(d -> request.id().equals(d.id())));
        return s.delivered.stream().filter(d -> request.id().equals(d.id())).findFirst().orElseThrow();
    }

    @Test
    void getSetPushAndVersioning() throws Exception {
        FakeSession balcony = server.connect("juliet@example.org/balcony");
        FakeSession garden = server.connect("juliet@example.org/garden"); // never asks for the roster

        Stanza get = rosterGet(balcony, "");
        server.send(balcony, get);
        Stanza empty = answer(balcony, get);
        assertEquals("result", empty.type());
        String ver0 = empty.payload().attributeValue("ver");
        assertNotNull(ver0);
        assertTrue(empty.payload().elements().isEmpty());

        Stanza set = rosterSet(balcony, "Romeo@Example.org", "Romeo", "Friends");
        server.send(balcony, set);
        assertEquals("result", answer(balcony, set).type());
        Stanza push = balcony.delivered.stream().filter(d -> "set".equals(d.type())).findFirst().orElseThrow();
        Element item = push.payload().element("item");
        assertEquals("romeo@example.org", item.attributeValue("jid"));
        assertEquals("Romeo", item.attributeValue("name"));
        assertEquals("none", item.attributeValue("subscription"));
        assertEquals("Friends", item.elementText("group"));
        String ver1 = push.payload().attributeValue("ver");
        assertTrue(!ver1.equals(ver0));
        assertTrue(garden.delivered.isEmpty(), "only interested resources get pushes (§2.1.6)");

        Stanza same = rosterGet(balcony, ver1);
        server.send(balcony, same);
        assertNull(answer(balcony, same).payload(), "unchanged version: empty result (§2.6.3)");

        Stanza old = rosterGet(balcony, ver0);
        server.send(balcony, old);
        Stanza full = answer(balcony, old);
        assertEquals(ver1, full.payload().attributeValue("ver"));
        assertEquals(1, full.payload().elements("item").size());
    }

    @Test
    void setValidationErrors() throws Exception {
        FakeSession s = server.connect("juliet@example.org/balcony");
        Stanza two = rosterSet(s, "romeo@example.org", "Romeo");
        two.payload().addElement(QName.get("item", Namespaces.ROSTER)).addAttribute("jid", "nurse@example.org");
        server.send(s, two);
        assertEquals("bad-request", T.condition(answer(s, two)));

        Stanza longName = rosterSet(s, "romeo@example.org", "x".repeat(RosterIq.MAX_TEXT + 1));
        server.send(s, longName);
        assertEquals("not-acceptable", T.condition(answer(s, longName)));

        Stanza emptyGroup = rosterSet(s, "romeo@example.org", "Romeo", "");
        server.send(s, emptyGroup);
        assertEquals("not-acceptable", T.condition(answer(s, emptyGroup)));

        Stanza dupGroup = rosterSet(s, "romeo@example.org", "Romeo", "A", "A");
        server.send(s, dupGroup);
        assertEquals("bad-request", T.condition(answer(s, dupGroup)));

        Stanza badJid = rosterSet(s, "@example.org", "Nobody");
        server.send(s, badJid);
        assertEquals("jid-malformed", T.condition(answer(s, badJid)));

        Stanza removeUnknown = rosterSet(s, "mercutio@example.org", null);
        removeUnknown.payload().element("item").addAttribute("subscription", "remove");
        server.send(s, removeUnknown);
        assertEquals("item-not-found", T.condition(answer(s, removeUnknown)));

        Stanza other = T.iq(s.jid.toString(), "romeo@example.org", "get", Namespaces.ROSTER, "query");
        server.send(s, other);
        assertEquals("forbidden", T.condition(answer(s, other)));
    }

    @Test
    void removeWithSubscriptionCancelsBothWays() throws Exception {
        server.stores.putNow("juliet", SubscriptionStates.none(T.jid("romeo@example.org"))
                .withSubscription(RosterItem.Subscription.BOTH, false, false, false));
        server.stores.putNow("romeo", SubscriptionStates.none(T.jid("juliet@example.org"))
                .withSubscription(RosterItem.Subscription.BOTH, false, false, false));
        FakeSession juliet = server.connect("juliet@example.org/balcony");
        FakeSession romeo = server.connect("romeo@example.org/orchard");
        server.available(romeo, 0);
        server.available(juliet, 0);

        Stanza remove = rosterSet(juliet, "romeo@example.org", null);
        remove.payload().element("item").addAttribute("subscription", "remove");
        server.send(juliet, remove);
        assertEquals("result", answer(juliet, remove).type());
        // no waiting: the answer comes only once the cancellations reached the local contact (a client that goes on
        // to its next request must not see them arrive afterwards)
        assertTrue(romeo.delivered.stream().anyMatch(d -> "unsubscribe".equals(d.type())), "unsubscribe before the answer");
        assertTrue(romeo.delivered.stream().anyMatch(d -> "unsubscribed".equals(d.type())), "unsubscribed before the answer");
        assertNull(server.stores.item("juliet", "romeo@example.org"));
        TestServer.await("romeo's side ends at none", () -> {
            RosterItem r = server.stores.item("romeo", "juliet@example.org");
            return r != null && r.subscription() == RosterItem.Subscription.NONE;
        });
        List<String> types = romeo.delivered.stream().filter(d -> d.kind() == Stanza.Kind.PRESENCE)
                .map(Stanza::type).toList();
        TestServer.await("romeo hears both", () -> romeo.delivered.stream()
                .filter(d -> "unsubscribed".equals(d.type())).count() == 1);
        assertTrue(romeo.delivered.stream().anyMatch(d -> "unsubscribe".equals(d.type())), types.toString());
        TestServer.await("romeo sees juliet go unavailable (§3.2.2)", () -> romeo.delivered.stream()
                .anyMatch(d -> "unavailable".equals(d.type()) && "juliet@example.org/balcony".equals(String.valueOf(d.from()))));
    }
}
