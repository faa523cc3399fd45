package parlance.im.internal;

import parlance.testkit.FakeSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterItem.Subscription;

/** The subscription handshake between two local users (RFC 6121 §3, Appendix A), pre-approval and cancelling. */
class SubscriptionTest {
    private final TestServer server = new TestServer(1000);
    private FakeSession juliet;
    private FakeSession romeo;

    @BeforeEach
    void online() throws Exception {
        juliet = server.connect("juliet@example.org/balcony");
        romeo = server.connect("romeo@example.org/orchard");
        for (FakeSession s : new FakeSession[] {juliet, romeo}) {
            server.send(s, T.iq(s.jid.toString(), null, "get", Namespaces.ROSTER, "query")); // interested
            server.available(s, 1);
        }
        server.settle();
    }

    @AfterEach
    void close() {
        server.close();
    }

    private Stanza presence(FakeSession from, String to, String type) {
        return T.stanza("presence", from.jid.toString(), to, type);
    }

    private static Predicate<Stanza> presenceOf(String type, String from) {
        return s -> s.kind() == Stanza.Kind.PRESENCE && type.equals(s.type()) && s.from() != null
                && from.equals(s.from().toString());
    }

    private static void awaitDelivered(FakeSession s, String what, Predicate<Stanza> p) {
        TestServer.await(what, () -> s.delivered.stream().anyMatch(p));
    }

    private void awaitState(String user, String contact, Subscription sub, boolean ask) {
        TestServer.await(user + " -> " + contact + " " + sub, () -> {
            RosterItem i = server.stores.item(user, contact);
            return i != null && i.subscription() == sub && i.pendingOut() == ask;
        });
    }

    private static boolean pushed(FakeSession s, String jid, String subscription, boolean ask) {
        return s.delivered.stream().filter(d -> d.isIq() && "set".equals(d.type())).map(d -> d.payload().element("item"))
                .anyMatch(i -> jid.equals(i.attributeValue("jid"))
                        && subscription.equals(i.attributeValue("subscription"))
                        && ask == "subscribe".equals(i.attributeValue("ask")));
    }

    @Test
    void handshakeEndsInBothWithPresenceExchanged() throws Exception {
        // juliet asks; her server stamps her bare address as from (§3.1.2)
        server.send(juliet, presence(juliet, "romeo@example.org", "subscribe"));
        awaitState("juliet", "romeo@example.org", Subscription.NONE, true);
        awaitDelivered(romeo, "request reaches romeo", presenceOf("subscribe", "juliet@example.org"));
        TestServer.await("ask pushed", () -> pushed(juliet, "romeo@example.org", "none", true));

        // romeo approves: juliet gets the approval and romeo's presence (§3.1.5)
        server.send(romeo, presence(romeo, "juliet@example.org", "subscribed"));
        awaitState("romeo", "juliet@example.org", Subscription.FROM, false);
        awaitState("juliet", "romeo@example.org", Subscription.TO, false);
        awaitDelivered(juliet, "approval", presenceOf("subscribed", "romeo@example.org"));
        awaitDelivered(juliet, "romeo's presence", s -> s.kind() == Stanza.Kind.PRESENCE && s.type().equals("available")
                && s.from().equals(romeo.jid) && s.to().equals(juliet.jid.bare()));
        TestServer.await("to pushed", () -> pushed(juliet, "romeo@example.org", "to", false));

        // and the other way round
        server.send(romeo, presence(romeo, "juliet@example.org", "subscribe"));
        awaitDelivered(juliet, "request reaches juliet", presenceOf("subscribe", "romeo@example.org"));
        server.send(juliet, presence(juliet, "romeo@example.org", "subscribed"));
        awaitState("juliet", "romeo@example.org", Subscription.BOTH, false);
        awaitState("romeo", "juliet@example.org", Subscription.BOTH, false);
        awaitDelivered(romeo, "juliet's presence", s -> s.kind() == Stanza.Kind.PRESENCE
                && s.type().equals("available") && s.from().equals(juliet.jid));
        TestServer.await("both pushed", () -> pushed(romeo, "juliet@example.org", "both", false)
                && pushed(juliet, "romeo@example.org", "both", false));

        // later presence now reaches the contact by broadcast (§4.4.2)
        int before = romeo.delivered.size();
        server.available(juliet, 3);
        TestServer.await("broadcast", () -> romeo.delivered.size() > before
                && romeo.last().from().equals(juliet.jid) && "3".equals(romeo.last().element().elementText("priority")));
    }

    @Test
    void preApprovalAnswersTheLaterRequestAutomatically() throws Exception {
        server.send(juliet, presence(juliet, "romeo@example.org", "subscribed"));
        TestServer.await("pre-approved", () -> {
            RosterItem i = server.stores.item("juliet", "romeo@example.org");
            return i != null && i.approved() && i.subscription() == Subscription.NONE;
        });
        server.settle();
        assertFalse(romeo.delivered.stream().anyMatch(presenceOf("subscribed", "juliet@example.org")),
                "a pre-approval is not routed (§3.4)");

        server.send(romeo, presence(romeo, "juliet@example.org", "subscribe"));
        awaitState("romeo", "juliet@example.org", Subscription.TO, false);
        awaitState("juliet", "romeo@example.org", Subscription.FROM, false);
        awaitDelivered(romeo, "auto approval", presenceOf("subscribed", "juliet@example.org"));
        server.settle();
        assertFalse(juliet.delivered.stream().anyMatch(presenceOf("subscribe", "romeo@example.org")),
                "juliet is not asked again");
        assertFalse(server.stores.item("juliet", "romeo@example.org").approved());
    }

    @Test
    void unsubscribeEndsTheSubscriptionAndThePresence() throws Exception {
        server.stores.putNow("juliet", SubscriptionStates.none(T.jid("romeo@example.org"))
                .withSubscription(Subscription.BOTH, false, false, false));
        server.stores.putNow("romeo", SubscriptionStates.none(T.jid("juliet@example.org"))
                .withSubscription(Subscription.BOTH, false, false, false));
        server.send(juliet, presence(juliet, "romeo@example.org", "unsubscribe"));
        awaitState("juliet", "romeo@example.org", Subscription.FROM, false);
        awaitState("romeo", "juliet@example.org", Subscription.TO, false);
        awaitDelivered(romeo, "unsubscribe delivered", presenceOf("unsubscribe", "juliet@example.org"));
        awaitDelivered(juliet, "romeo unavailable to juliet (§3.3.3)", presenceOf("unavailable", romeo.jid.toString()));
        // a client that waits for the push has read the presence already (a listener it adds next gets no stale one)
        int presence = -1;
        int push = -1;
        for (int i = 0; i < romeo.delivered.size(); i++) {
            Stanza d = romeo.delivered.get(i);
            if (presence < 0 && "unsubscribe".equals(d.type())) {
                presence = i;
            }
            if (push < 0 && d.isIq() && "set".equals(d.element().attributeValue("type")) && d.payload() != null
                    && Namespaces.ROSTER.equals(d.payload().getNamespaceURI())) {
                push = i;
            }
        }
        assertTrue(presence >= 0 && (push < 0 || presence < push), "presence at " + presence + ", push at " + push);
    }

    @Test
    void pendingRequestIsDeliveredAtTheNextInitialPresence() throws Exception {
        server.send(juliet, presence(juliet, "nurse@example.org", "subscribe"));
        TestServer.await("pending in stored", () -> {
            RosterItem i = server.stores.item("nurse", "juliet@example.org");
            return i != null && i.pendingIn();
        });
        FakeSession nurse = server.connect("nurse@example.org/kitchen");
        Stanza get = T.iq(nurse.jid.toString(), null, "get", Namespaces.ROSTER, "query");
        server.send(nurse, get);
        TestServer.await("roster", () -> !nurse.delivered.isEmpty());
        assertTrue(nurse.delivered.get(0).payload().elements().isEmpty(), "a pending request is not a roster item");
        server.available(nurse, 0);
        awaitDelivered(nurse, "request redelivered", presenceOf("subscribe", "juliet@example.org"));
        assertEquals(Subscription.NONE, server.stores.item("nurse", "juliet@example.org").subscription());
    }
}
