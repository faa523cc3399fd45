package parlance.router.internal;

import parlance.testkit.FakeSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.router.HostedService;
import parlance.api.stanza.Stanza;

/** The routing table of RFC 6120 §10 and RFC 6121 §8 as the router implements it. */
class StanzaRouterTest {
    private RouterFixture fixture;
    private SessionTable sessions;
    private StanzaRouter router;
    private FakeSession juliet;
    private FakeSession julietLow;
    private FakeSession julietAway;
    private FakeSession romeo;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RouterFixture();
        sessions = fixture.sessions;
        router = fixture.router;
        juliet = fixture.login("juliet@example.org/balcony", 5);
        julietLow = fixture.login("juliet@example.org/phone", -1);
        julietAway = fixture.connect("juliet@example.org/laptop"); // connected, never sent presence
        romeo = fixture.login("romeo@example.org/orchard", 0);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.putIfAbsent(Constants.SERVICE_ID, (long) m.hashCode());
        return m;
    }

    private static Map<String, Object> iqProps(String type, String target, String ns, String el) {
        return props(IqHandler.TYPE, type, IqHandler.TARGET, target, IqHandler.NAMESPACE, ns, IqHandler.ELEMENT, el);
    }

    @Test
    void unknownIqToServerIsServiceUnavailable() {
        router.receive(romeo, T.iq("romeo@example.org/orchard", "example.org", "get", "urn:x", "nothing"));
        assertEquals("service-unavailable", T.condition(romeo.last()));
    }

    @Test
    void iqToServerGoesToTheHandlerOfTheWholeKeyAndRankingBreaksTies() {
        IqHandler low = ctx -> ctx.reply(DocumentHelper.createElement("low"));
        IqHandler high = ctx -> ctx.reply(DocumentHelper.createElement("high"));
        router.addIqHandler(low, iqProps("get", "server", "urn:xmpp:ping", "ping"));
        Map<String, Object> highProps = iqProps("get", "server", "urn:xmpp:ping", "ping");
        highProps.put(Constants.SERVICE_RANKING, 10);
        highProps.put(Constants.SERVICE_ID, 99L);
        router.addIqHandler(high, highProps);

        router.receive(romeo, T.iq("romeo@example.org/orchard", "example.org", "get", "urn:xmpp:ping", "ping"));
        assertEquals("result", romeo.last().type());
        assertEquals("high", romeo.last().element().elements().get(0).getName());

        // same namespace, other element or type: not this handler (the key is the whole key)
        router.receive(romeo, T.iq("romeo@example.org/orchard", "example.org", "set", "urn:xmpp:ping", "ping"));
        assertEquals("service-unavailable", T.condition(romeo.last()));

        // the handler's bundle leaves: the next one takes over at once, and after both, service-unavailable
        router.removeIqHandler(high);
        router.receive(romeo, T.iq("romeo@example.org/orchard", "example.org", "get", "urn:xmpp:ping", "ping"));
        assertEquals("low", romeo.last().element().elements().get(0).getName());
        router.removeIqHandler(low);
        router.receive(romeo, T.iq("romeo@example.org/orchard", "example.org", "get", "urn:xmpp:ping", "ping"));
        assertEquals("service-unavailable", T.condition(romeo.last()));
    }

    @Test
    void handlerExceptionGivesInternalServerErrorAndRouterKeepsWorking() {
        router.addIqHandler(ctx -> {
            throw new IllegalStateException("boom");
        }, iqProps("get", "server", "urn:x", "q"));
        router.addIqHandler(ctx -> ctx.reply(null), iqProps("get", "server", "urn:y", "q"));
        router.receive(romeo, T.iq("romeo@example.org/orchard", "example.org", "get", "urn:x", "q"));
        assertEquals("internal-server-error", T.condition(romeo.last()));
        router.receive(romeo, T.iq("romeo@example.org/orchard", "example.org", "get", "urn:y", "q"));
        assertEquals("result", romeo.last().type());
    }

    @Test
    void iqWithoutToIsHandledForTheAccountThenTheServer() {
        List<String> seen = new CopyOnWriteArrayList<>();
        router.addIqHandler(ctx -> {
            seen.add("account");
            ctx.reply(null);
        }, iqProps("get", "account", "jabber:iq:roster", "query"));
        router.addIqHandler(ctx -> {
            seen.add("server");
            ctx.reply(null);
        }, iqProps("get", "server", "urn:xmpp:ping", "ping"));
        router.receive(romeo, T.iq("romeo@example.org/orchard", null, "get", "jabber:iq:roster", "query"));
        router.receive(romeo, T.iq("romeo@example.org/orchard", null, "get", "urn:xmpp:ping", "ping"));
        assertEquals(List.of("account", "server"), seen);
        assertEquals(2, romeo.delivered.size());
    }

    @Test
    void iqToAnotherAccountBareGoesToAccountHandlersOrServiceUnavailable() {
        router.receive(romeo, T.iq("romeo@example.org/orchard", "juliet@example.org", "get", "vcard-temp", "vCard"));
        assertEquals("service-unavailable", T.condition(romeo.last()));
        assertTrue(juliet.delivered.isEmpty());
    }

    @Test
    void messageToBareGoesToEveryAvailableResourceWithNonNegativePriority() {
        Stanza m = T.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hi");
        router.receive(romeo, m);
        assertEquals(List.of(m), juliet.delivered);
        assertTrue(julietLow.delivered.isEmpty());
        assertTrue(julietAway.delivered.isEmpty());
        assertTrue(romeo.delivered.isEmpty());
    }

    @Test
    void messageToBareWithoutResourcesIsServiceUnavailable() {
        router.receive(romeo, T.message("romeo@example.org/orchard", "nobody@example.org", "normal", "hi"));
        assertEquals("service-unavailable", T.condition(romeo.last()));
        router.receive(romeo, T.message("romeo@example.org/orchard", "nobody@example.org", "headline", "news"));
        assertEquals(1, romeo.delivered.size()); // headline silently dropped
    }

    @Test
    void groupchatToBareIsRefusedAndErrorsAreNeverAnswered() {
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org", "groupchat", "x"));
        assertEquals("service-unavailable", T.condition(romeo.last()));
        assertTrue(juliet.delivered.isEmpty());
        router.receive(romeo, T.message("romeo@example.org/orchard", "nobody@example.org", "error", "x"));
        router.receive(romeo, T.stanza("iq", "romeo@example.org/orchard", "juliet@example.org/gone", "error"));
        assertEquals(1, romeo.delivered.size());
    }

    @Test
    void fullAddressRules() {
        Stanza direct = T.message("romeo@example.org/orchard", "juliet@example.org/phone", "chat", "hi");
        router.receive(romeo, direct);
        assertEquals(List.of(direct), julietLow.delivered); // a named resource gets it whatever its priority

        Stanza chatToGone = T.message("romeo@example.org/orchard", "juliet@example.org/gone", "chat", "hi");
        router.receive(romeo, chatToGone);
        assertEquals(List.of(chatToGone), juliet.delivered); // treated as bare (RFC 6121 §8.5.3.2.1)

        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org/gone", "headline", "x"));
        assertEquals(1, juliet.delivered.size());
        assertTrue(romeo.delivered.isEmpty());
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org/gone", "groupchat", "x"));
        assertEquals("service-unavailable", T.condition(romeo.last()));

        router.receive(romeo, T.iq("romeo@example.org/orchard", "juliet@example.org/gone", "get", "urn:x", "q"));
        assertEquals("service-unavailable", T.condition(romeo.last()));
        Stanza iq = T.iq("romeo@example.org/orchard", "juliet@example.org/laptop", "get", "urn:x", "q");
        router.receive(romeo, iq);
        assertEquals(List.of(iq), julietAway.delivered);

        Stanza presence = T.presence("romeo@example.org/orchard", "juliet@example.org/balcony", null, 0);
        router.receive(romeo, presence);
        assertSame(presence, juliet.last());
    }

    @Test
    void presenceToBareGoesToAvailableResourcesWithoutHandlers() {
        Stanza p = T.presence("romeo@example.org/orchard", "juliet@example.org", null, 0);
        router.receive(romeo, p);
        assertEquals(List.of(p), juliet.delivered);
        assertEquals(List.of(p), julietLow.delivered);
        assertTrue(julietAway.delivered.isEmpty());
    }

    @Test
    void stanzaHandlersRunInRankingOrderBeforeDefaultDelivery() {
        List<String> calls = new CopyOnWriteArrayList<>();
        StanzaHandler second = ctx -> calls.add("second");
        StanzaHandler first = ctx -> !calls.add("first"); // declines
        Map<String, Object> firstProps = props(StanzaHandler.KIND, "message", IqHandler.TARGET, "account",
                Constants.SERVICE_RANKING, 5, Constants.SERVICE_ID, 2L);
        router.addStanzaHandler(second, props(StanzaHandler.KIND, "message", IqHandler.TARGET,
                new String[] {"account", "server"}, Constants.SERVICE_ID, 1L));
        router.addStanzaHandler(first, firstProps);
        router.receive(romeo, T.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hi"));
        assertEquals(List.of("first", "second"), calls);
        assertTrue(juliet.delivered.isEmpty()); // "second" took it

        router.receive(romeo, T.message("romeo@example.org/orchard", "example.org", "chat", "hi server"));
        assertEquals(List.of("first", "second", "second"), calls);
        assertTrue(romeo.delivered.isEmpty());
    }

    @Test
    void messageToServerWithoutHandlerIsServiceUnavailablePresenceIsIgnored() {
        router.receive(romeo, T.message("romeo@example.org/orchard", "example.org", "chat", "hi"));
        assertEquals("service-unavailable", T.condition(romeo.last()));
        router.receive(romeo, T.presence("romeo@example.org/orchard", "example.org", null, 0));
        assertEquals(1, romeo.delivered.size());
    }

    @Test
    void outboundHandlersSeeWhatALocalClientSendsToOthers() {
        List<Stanza> seen = new CopyOnWriteArrayList<>();
        router.addStanzaHandler(ctx -> seen.add(ctx.stanza()) && false,
                props(StanzaHandler.KIND, "presence", IqHandler.TARGET, StanzaHandler.TARGET_OUTBOUND));
        Stanza directed = T.presence("romeo@example.org/orchard", "juliet@example.org/balcony", null, 0);
        router.receive(romeo, directed);
        router.receive(romeo, T.presence("romeo@example.org/orchard", null, null, 0)); // broadcast: not outbound
        router.route(T.presence("romeo@example.org", "juliet@example.org", "subscribe", 0)); // routed: not outbound
        assertEquals(List.of(directed), seen);
        assertSame(directed, juliet.delivered.get(0)); // false lets routing go on
    }

    @Test
    void iqStanzaHandlersSeeIqsToAnAccountAndIqsAClientSendsToOthers() {
        List<String> seen = new CopyOnWriteArrayList<>();
        // takes IQs from romeo to juliet over (as a blocklist would), lets others go on
        router.addStanzaHandler(ctx -> seen.add("in:" + ctx.stanza().to()) && ctx.stanza().from().local().equals("romeo"),
                props(StanzaHandler.KIND, "iq", IqHandler.TARGET, IqHandler.TARGET_ACCOUNT));
        router.addStanzaHandler(ctx -> seen.add("out:" + ctx.stanza().to()) && false,
                props(StanzaHandler.KIND, "iq", IqHandler.TARGET, StanzaHandler.TARGET_OUTBOUND));
        router.receive(romeo, T.iq("romeo@example.org/orchard", "juliet@example.org/balcony", "get", "urn:x", "q"));
        router.receive(romeo, T.iq("romeo@example.org/orchard", "juliet@example.org", "get", "urn:x", "q"));
        assertTrue(juliet.delivered.isEmpty());
        assertTrue(romeo.delivered.isEmpty()); // taken over: no service-unavailable from the router either
        router.receive(juliet, T.iq("juliet@example.org/balcony", "romeo@example.org/orchard", "get", "urn:x", "q"));
        assertEquals(1, romeo.delivered.size()); // declined: delivered as before
        router.receive(juliet, T.iq("juliet@example.org/balcony", null, "get", "urn:x", "q")); // own account: neither
        assertEquals(List.of("out:juliet@example.org/balcony", "in:juliet@example.org/balcony",
                "out:juliet@example.org", "in:juliet@example.org", "out:romeo@example.org/orchard",
                "in:romeo@example.org/orchard"), seen);
    }

    @Test
    void hostedServiceGetsItsDomainAndAddressesUnderIt() {
        List<Stanza> got = new CopyOnWriteArrayList<>();
        HostedService muc = (stanza, r) -> got.add(stanza);
        router.addHostedService(muc, props(HostedService.DOMAIN, "conference.example.org"));
        Stanza join = T.presence("romeo@example.org/orchard", "room@conference.example.org/romeo", null, 0);
        Stanza info = T.iq("romeo@example.org/orchard", "conference.example.org", "get", "urn:x", "q");
        router.receive(romeo, join);
        router.receive(romeo, info);
        assertEquals(List.of(join, info), got);
        router.removeHostedService(muc);
        router.receive(romeo, info);
        assertEquals("remote-server-not-found", T.condition(romeo.last()));
    }

    @Test
    void otherDomainsAreRemoteServerNotFoundWithoutS2s() {
        router.receive(romeo, T.message("romeo@example.org/orchard", "mercutio@elsewhere.net", "chat", "hi"));
        assertEquals("remote-server-not-found", T.condition(romeo.last()));
    }

    @Test
    void otherDomainsGoToTheRemoteDomainsService() {
        List<Stanza> out = new CopyOnWriteArrayList<>();
        Map<String, Object> props = props();
        router.addRemoteDomains(out::add, props);
        Stanza hi = T.message("romeo@example.org/orchard", "mercutio@elsewhere.net", "chat", "hi");
        router.receive(romeo, hi);
        assertEquals(List.of(hi), out);
        assertTrue(romeo.delivered.isEmpty());
        router.removeRemoteDomains(props);
        router.receive(romeo, hi);
        assertEquals("remote-server-not-found", T.condition(romeo.last()));
    }

    @Test
    void executorCompletesRepliesLater() throws Exception {
        router.addIqHandler(ctx -> ctx.executor().execute(() -> ctx.reply(null)),
                iqProps("get", "server", "urn:x", "slow"));
        router.receive(romeo, T.iq("romeo@example.org/orchard", "example.org", "get", "urn:x", "slow"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (romeo.delivered.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals("result", romeo.last().type());
        assertNull(T.condition(romeo.last()));
    }
}
