package parlance.im.internal;

import parlance.testkit.FakeSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.api.storage.RosterItem.Subscription;

/** Presence broadcast, local probes and unavailable presence (RFC 6121 §4). */
class PresenceTest {
    private final TestServer server = new TestServer(1000);

    @AfterEach
    void close() {
        server.close();
    }

    private void friends(String a, String b) {
        server.stores.putNow(a, SubscriptionStates.none(T.jid(b + "@example.org"))
                .withSubscription(Subscription.BOTH, false, false, false));
        server.stores.putNow(b, SubscriptionStates.none(T.jid(a + "@example.org"))
                .withSubscription(Subscription.BOTH, false, false, false));
    }

    @Test
    void initialPresenceProbesBroadcastsAndCloseSendsUnavailable() throws Exception {
        friends("juliet", "romeo");
        FakeSession romeo = server.connect("romeo@example.org/orchard");
        server.available(romeo, 0);
        server.settle();
        FakeSession balcony = server.connect("juliet@example.org/balcony");
        FakeSession garden = server.connect("juliet@example.org/garden");
        server.available(garden, 0);

        server.available(balcony, 1);
        TestServer.await("romeo sees juliet", () -> romeo.delivered.stream()
                .anyMatch(s -> balcony.jid.equals(s.from()) && "available".equals(s.type())));
        TestServer.await("juliet gets romeo's presence (probe answered locally)", () -> balcony.delivered.stream()
                .anyMatch(s -> romeo.jid.equals(s.from()) && "available".equals(s.type())));
        assertTrue(garden.delivered.stream().anyMatch(s -> balcony.jid.equals(s.from())), "own other resource");
        assertTrue(balcony.delivered.stream().anyMatch(s -> balcony.jid.equals(s.from())), "own resource (§4.2.2)");

        server.sessions.unregister(balcony); // connection lost
        TestServer.await("romeo sees juliet leave", () -> romeo.delivered.stream()
                .anyMatch(s -> balcony.jid.equals(s.from()) && "unavailable".equals(s.type())));
        assertTrue(garden.delivered.stream().anyMatch(s -> balcony.jid.equals(s.from())
                && "unavailable".equals(s.type())));
    }

    /**
     * The presence a local contact shows a user at login passes the handlers of presence between the accounts:
     * when one takes it (XEP-0191: romeo blocks juliet, and the blocking bundle's guard drops his presence to
     * her), juliet's login reveals nothing of romeo.
     */
    @Test
    void aLocalContactsPresenceThatAHandlerTakesIsNotDelivered() throws Exception {
        friends("juliet", "romeo");
        List<Stanza> taken = new CopyOnWriteArrayList<>();
        server.addFirstStanzaHandler(ctx -> {
            Stanza s = ctx.stanza();
            // romeo's presence to juliet's session (his broadcast to her bare address came earlier)
            if (s.from() != null && "romeo".equals(s.from().local()) && s.to() != null
                    && "juliet".equals(s.to().local()) && s.to().resource() != null) {
                taken.add(s);
                return true;
            }
            return false;
        }, "presence", "account");
        FakeSession romeo = server.connect("romeo@example.org/orchard");
        server.available(romeo, 0);
        server.settle();
        FakeSession juliet = server.connect("juliet@example.org/balcony");
        server.available(juliet, 0);
        TestServer.await("romeo's presence reached the handlers", () -> taken.size() == 1);
        server.settle();
        assertTrue(juliet.delivered.stream().noneMatch(s -> romeo.jid.equals(s.from())),
                "romeo's presence leaked: " + juliet.delivered);
    }

    @Test
    void probeFromAStrangerIsNotAnswered() throws Exception {
        FakeSession romeo = server.connect("romeo@example.org/orchard");
        server.available(romeo, 0);
        List<Stanza> seen = new CopyOnWriteArrayList<>();
        server.addHostedService("elsewhere.example", (stanza, r) -> seen.add(stanza));
        server.router.route(T.stanza("presence", "spy@elsewhere.example", "romeo@example.org", "probe"));
        server.settle();
        assertTrue(seen.isEmpty());

        friends("romeo", "nurse");
        server.stores.putNow("romeo", SubscriptionStates.none(T.jid("mercutio@elsewhere.example"))
                .withSubscription(Subscription.FROM, false, false, false));
        server.router.route(T.stanza("presence", "mercutio@elsewhere.example", "romeo@example.org", "probe"));
        TestServer.await("answered with the current presence", () -> seen.size() == 1);
        assertEquals(romeo.jid, seen.get(0).from());
    }

    @Test
    void directedPresenceGetsUnavailableWhenTheSessionCloses() throws Exception {
        List<Stanza> room = new CopyOnWriteArrayList<>();
        server.addHostedService("conference.example.org", (stanza, r) -> room.add(stanza));
        FakeSession juliet = server.connect("juliet@example.org/balcony");
        server.available(juliet, 0);
        server.send(juliet, T.presence(juliet.jid.toString(), "room@conference.example.org/juliet", null, 0));
        assertEquals(1, room.size());
        server.sessions.unregister(juliet);
        TestServer.await("unavailable to the room", () -> room.size() == 2);
        Stanza gone = room.get(1);
        assertEquals("unavailable", gone.type());
        assertEquals(juliet.jid, gone.from());
        assertEquals(T.jid("room@conference.example.org/juliet"), gone.to());
    }
}
