package parlance.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import parlance.api.address.Jid;
import parlance.api.handler.IqHandler;
import parlance.api.handler.MessageInterceptor;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;

/** The message interceptor whiteboard: inbound/outbound rewriting, delivery reports, and per-sender order. */
class MessageInterceptorTest {
    private RouterFixture fixture;
    private SessionTable sessions;
    private StanzaRouter router;
    private FakeSession juliet;
    private FakeSession julietLow;
    private FakeSession romeo;
    private FakeSession nurse;
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RouterFixture();
        sessions = fixture.sessions;
        router = fixture.router;
        juliet = fixture.login("juliet@example.org/balcony", 5);
        julietLow = fixture.login("juliet@example.org/phone", -1);
        romeo = fixture.login("romeo@example.org/orchard", 0);
        nurse = fixture.login("nurse@example.org/kitchen", 0);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static Map<String, Object> props(long id, int ranking) {
        Map<String, Object> m = new HashMap<>();
        m.put(Constants.SERVICE_ID, id);
        m.put(Constants.SERVICE_RANKING, ranking);
        return m;
    }

    /** A copy of the message with one more child named {@code mark}, as an archive stamps a stanza-id. */
    private static Stanza marked(Stanza m, String mark) {
        Element copy = m.element().createCopy();
        copy.addElement(mark, "urn:test");
        return Stanza.of(copy, m.from(), m.to());
    }

    private static boolean hasMark(Stanza s, String mark) {
        return s.element().element(org.dom4j.QName.get(mark, "urn:test")) != null;
    }

    /** Records delivery reports as "account:resource,resource". */
    private MessageInterceptor reporter() {
        return new MessageInterceptor() {
            @Override
            public void delivered(Jid account, Stanza message, Collection<ClientSession> recipients) {
                List<String> names = new ArrayList<>();
                recipients.forEach(r -> names.add(r.jid().resource()));
                delivered.add(account.local() + ":" + String.join(",", names));
            }
        };
    }

    @Test
    void inboundInterceptorsRunInRankingOrderAndTheirResultIsDelivered() {
        List<String> order = new CopyOnWriteArrayList<>();
        router.addMessageInterceptor(new MessageInterceptor() {
            public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza m) {
                order.add("low:" + hasMark(m, "high"));
                return CompletableFuture.completedFuture(marked(m, "low"));
            }
        }, props(1, 0));
        router.addMessageInterceptor(new MessageInterceptor() {
            public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza m) {
                order.add("high:" + account);
                return CompletableFuture.completedFuture(marked(m, "high"));
            }
        }, props(2, 10));
        router.addMessageInterceptor(reporter(), props(3, -5));

        Stanza m = T.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hi");
        router.receive(romeo, m);

        assertEquals(List.of("high:juliet@example.org", "low:true"), order);
        assertEquals(1, juliet.delivered.size());
        assertTrue(hasMark(juliet.last(), "high") && hasMark(juliet.last(), "low"));
        assertTrue(julietLow.delivered.isEmpty(), "negative priority gets no bare-JID message");
        assertEquals(List.of("juliet:balcony"), delivered);
        assertTrue(m.element().elements().size() == 1, "the received stanza is never mutated");
    }

    @Test
    void fullAddressReportsTheOneSessionAndUnknownResourceFallsBackToTheBareRules() {
        router.addMessageInterceptor(reporter(), props(1, 0));
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org/phone", "chat", "a"));
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org/gone", "chat", "b"));
        assertEquals(1, julietLow.delivered.size());
        assertEquals(1, juliet.delivered.size());
        assertEquals(List.of("juliet:phone", "juliet:balcony"), delivered);
    }

    @Test
    void pendingInboundHoldsBackTheSendersLaterStanzasButNotOtherSenders() {
        CompletableFuture<Stanza> archive = new CompletableFuture<>();
        router.addMessageInterceptor(new MessageInterceptor() {
            public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza m) {
                return "first".equals(m.element().elementText("body")) ? archive.thenApply(x -> marked(m, "id"))
                        : CompletableFuture.completedFuture(m);
            }
        }, props(1, 0));
        List<String> pings = new CopyOnWriteArrayList<>();
        router.addIqHandler(ctx -> {
            pings.add(ctx.stanza().from().local());
            ctx.reply(null);
        }, Map.of(IqHandler.TYPE, "get", IqHandler.TARGET, "server", IqHandler.NAMESPACE, "urn:xmpp:ping",
                IqHandler.ELEMENT, "ping", Constants.SERVICE_ID, 9L));

        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org", "chat", "first"));
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org", "chat", "second"));
        router.receive(romeo, T.iq("romeo@example.org/orchard", "example.org", "get", "urn:xmpp:ping", "ping"));
        router.receive(nurse, T.message("nurse@example.org/kitchen", "juliet@example.org", "chat", "other"));
        router.receive(nurse, T.iq("nurse@example.org/kitchen", "example.org", "get", "urn:xmpp:ping", "ping"));

        assertEquals(List.of("other"), bodies(juliet), "another sender is not held back");
        assertEquals(List.of("nurse"), pings);
        assertTrue(romeo.delivered.isEmpty(), "romeo's ping waits behind his pending message");

        archive.complete(null);

        assertEquals(List.of("other", "first", "second"), bodies(juliet));
        assertTrue(hasMark(juliet.delivered.get(1), "id"));
        assertEquals(List.of("nurse", "romeo"), pings);
        assertEquals("result", romeo.last().type());
        assertEquals(0, router.pendingSenders(), "nothing is held once the archive answered");
    }

    /**
     * A service speaking through several addresses under one bare address (a MUC room and its occupants) keeps one
     * order: while one occupant's message waits in an interceptor, another occupant's presence and the room's own
     * stanzas to anyone wait behind it (XEP-0045 §7.2.3 needs occupants' presence before the self-presence).
     */
    @Test
    void routedStanzasKeepTheOrderOfTheirSendersBareAddress() {
        CompletableFuture<Stanza> archive = new CompletableFuture<>();
        router.addMessageInterceptor(new MessageInterceptor() {
            public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza m) {
                return "held".equals(m.element().elementText("body")) ? archive : CompletableFuture.completedFuture(m);
            }
        }, props(1, 0));
        router.route(T.message("room@muc.example.org/nurse", "juliet@example.org/balcony", "groupchat", "held"));
        router.route(T.presence("room@muc.example.org/tybalt", "juliet@example.org/balcony", null, 0));
        router.route(T.presence("room@muc.example.org/juliet", "juliet@example.org/balcony", null, 0));
        router.route(T.presence("friar@muc.example.org/x", "juliet@example.org/balcony", null, 0));

        assertEquals(List.of("friar@muc.example.org/x"), juliet.delivered.stream().map(s -> s.from().toString())
                .toList(), "another sender is not held back");
        archive.complete(T.message("room@muc.example.org/nurse", "juliet@example.org/balcony", "groupchat", "held"));
        assertEquals(List.of("friar@muc.example.org/x", "room@muc.example.org/nurse", "room@muc.example.org/tybalt",
                "room@muc.example.org/juliet"), juliet.delivered.stream().map(s -> s.from().toString()).toList());
    }

    @Test
    void failingInterceptorLetsTheMessageGoOnUnchanged() {
        CompletableFuture<Stanza> failing = new CompletableFuture<>();
        router.addMessageInterceptor(new MessageInterceptor() {
            public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza m) {
                if ("sync".equals(m.element().elementText("body"))) {
                    throw new IllegalStateException("boom");
                }
                return failing;
            }
        }, props(1, 0));
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org", "chat", "sync"));
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org", "chat", "async"));
        assertEquals(List.of("sync"), bodies(juliet));
        failing.completeExceptionally(new IllegalStateException("disk full"));
        assertEquals(List.of("sync", "async"), bodies(juliet));
    }

    @Test
    void outboundSeesMessagesLeavingTheAccountOnlyAndNullDrops() {
        List<String> outbound = new CopyOnWriteArrayList<>();
        router.addMessageInterceptor(new MessageInterceptor() {
            public CompletionStage<Stanza> outbound(ClientSession origin, Stanza m) {
                outbound.add(origin.jid().resource() + ">" + m.to());
                return CompletableFuture.completedFuture(
                        "drop".equals(m.element().elementText("body")) ? null : marked(m, "out"));
            }
        }, props(1, 0));
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hi"));
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org", "chat", "drop"));
        router.receive(juliet, T.message("juliet@example.org/balcony", "juliet@example.org/phone", "chat", "me"));
        assertEquals(List.of("orchard>juliet@example.org"
                , "orchard>juliet@example.org"), outbound, "a message within one's own account is not outbound");
        assertEquals(List.of("hi"), bodies(juliet));
        assertTrue(hasMark(juliet.last(), "out"));
        assertEquals(List.of("me"), bodies(julietLow));
        assertNull(T.condition(romeo.last()));
    }

    private static List<String> bodies(FakeSession s) {
        List<String> out = new ArrayList<>();
        for (Stanza st : s.delivered) {
            if (st.kind() == Stanza.Kind.MESSAGE) {
                out.add(st.element().elementText("body"));
            }
        }
        return out;
    }
}
