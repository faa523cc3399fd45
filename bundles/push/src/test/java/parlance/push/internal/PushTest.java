package parlance.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Stanza;
import parlance.api.storage.PrivateStore;
import parlance.router.internal.RouterConfig;
import parlance.router.internal.SessionTable;
import parlance.router.internal.SessionsConfig;
import parlance.router.internal.StanzaRouter;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** XEP-0357 through the real router: enable/disable, and what an app server receives for an offline account. */
class PushTest implements PrivateStore {
    private final Map<String, String> xml = new ConcurrentHashMap<>();
    private SessionTable sessions;
    private StanzaRouter router;
    private FakeSession juliet;
    private FakeSession romeo;
    private FakeSession app;
    private boolean allowBody = true;
    /** Sessions stream management holds (XEP-0198 §5), as the stream bundle would tell. */
    private final java.util.Set<parlance.api.session.ClientSession> held = ConcurrentHashMap.newKeySet();

    private PushConfig config() {
        return new PushConfig() {
            public Class<? extends Annotation> annotationType() {
                return PushConfig.class;
            }

            public boolean allow_body() {
                return allowBody;
            }

            public int max_registrations() {
                return 2;
            }
        };
    }

    @BeforeEach
    void setUp() throws Exception {
        sessions = new SessionTable();
        sessions.configure(new SessionsConfig() {
            public Class<? extends Annotation> annotationType() {
                return SessionsConfig.class;
            }

            public int max_resources() {
                return 10;
            }

            public String conflict() {
                return "kick_old";
            }
        });
        router = new StanzaRouter(sessions, TestStanzas.server(), new RouterConfig() {
            public Class<? extends Annotation> annotationType() {
                return RouterConfig.class;
            }

            public int handler_threads() {
                return 2;
            }

            public int handler_queue() {
                return 100;
            }
        });
        Registrations registrations = new Registrations(this);
        Map<String, Object> props = new HashMap<>(Map.of(IqHandler.TYPE, "set", IqHandler.NAMESPACE, Ns.PUSH,
                IqHandler.ELEMENT, new String[] {"enable", "disable"}, IqHandler.TARGET, "account",
                Constants.SERVICE_ID, 1L));
        router.addIqHandler(new PushIq(registrations, preparer(), config()), props);
        Notifier notifier = new Notifier(registrations, router, config());
        notifier.bindHeld(held::contains);
        router.addMessageInterceptor(notifier, Map.of(Constants.SERVICE_ID, 2L));
        sessions.addListener(notifier);
        juliet = login("juliet@example.org/balcony", true);
        romeo = login("romeo@example.org/orchard", true);
        app = login("push@example.org/app", true); // stands in for the app server
    }

    @AfterEach
    void tearDown() {
        router.deactivate();
    }

    private FakeSession login(String jid, boolean available) throws Exception {
        FakeSession s = new FakeSession(jid);
        if (available) {
            s.available(0);
        }
        sessions.register(s);
        return s;
    }

    private static AddressPreparer preparer() {
        return new AddressPreparer() {
            public Jid parse(String text) throws JidFormatException {
                if (text.contains(" ")) {
                    throw new JidFormatException(text);
                }
                return TestStanzas.jid(text);
            }

            public String prepareLocal(String s) {
                return s;
            }

            public String prepareResource(String s) {
                return s;
            }

            public String prepareDomain(String s) {
                return s;
            }

            public String preparePassword(String s) {
                return s;
            }
        };
    }

    private Stanza enable(FakeSession who, String element, String node, boolean includeBody) {
        Stanza iq = TestStanzas.iq(who.jid.toString(), null, "set", Ns.PUSH, element);
        Element e = iq.element().element(element);
        e.addAttribute("jid", "push@example.org/app");
        if (node != null) {
            e.addAttribute("node", node);
        }
        if ("enable".equals(element)) {
            Element form = e.addElement(QName.get("x", Ns.DATA)).addAttribute("type", "submit");
            form.addElement(QName.get("field", Ns.DATA)).addAttribute("var", "secret")
                    .addElement(QName.get("value", Ns.DATA)).setText("s3cr3t");
            if (includeBody) {
                form.addElement(QName.get("field", Ns.DATA)).addAttribute("var", "include-body")
                        .addElement(QName.get("value", Ns.DATA)).setText("true");
            }
        }
        router.receive(who, iq);
        return who.delivered.stream().filter(r -> iq.id().equals(r.id())).findFirst().orElseThrow();
    }

    private List<Stanza> publishes() {
        return app.delivered.stream().filter(Stanza::isIq).toList();
    }

    private static String field(Stanza publish, String var) {
        Element form = publish.payload().element("publish").element("item").element("notification").element("x");
        for (Element f : form.elements()) {
            if (var.equals(f.attributeValue("var"))) {
                return f.elementText("value");
            }
        }
        return null;
    }

    @Test
    void anOfflineAccountsAppServerGetsASummaryWithCountSenderAndNoBodyUnlessAsked() {
        assertEquals("result", enable(juliet, "enable", "node-1", false).type());
        router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hi"));
        assertTrue(publishes().isEmpty()); // delivered to a session: nothing to push

        sessions.unregister(juliet);
        router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "one"));
        router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "two"));
        router.receive(romeo, TestStanzas.stanza("message", "romeo@example.org/orchard", "juliet@example.org",
                "chat")); // no body (a chat state): no push
        List<Stanza> p = publishes();
        assertEquals(2, p.size());
        Stanza last = p.get(1);
        assertEquals("set", last.type());
        assertEquals("juliet@example.org", last.element().attributeValue("from"));
        assertEquals("node-1", last.payload().element("publish").attributeValue("node"));
        assertEquals(Ns.SUMMARY, field(last, "FORM_TYPE"));
        assertEquals("2", field(last, "message-count"));
        assertEquals("romeo@example.org/orchard", field(last, "last-message-sender"));
        assertNull(field(last, "last-message-body"));
        Element options = last.payload().element("publish-options").element("x");
        assertEquals("s3cr3t", options.element("field").elementText("value"));
    }

    @Test
    void theBodyGoesOnlyToRegistrationsThatAskedForIt() throws Exception {
        enable(juliet, "enable", "node-1", true);
        sessions.unregister(juliet);
        router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hi"));
        assertEquals("hi", field(publishes().get(0), "last-message-body"));
        FakeSession back = login("juliet@example.org/garden", false); // connected, not available: still offline
        router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "x"));
        assertEquals("1", field(publishes().get(1), "message-count")); // the count starts over at login
        sessions.unregister(back);
    }

    @Test
    void disableStopsNotificationsAndEnableNeedsJidAndNode() {
        enable(juliet, "enable", "node-1", false);
        enable(juliet, "enable", "node-2", false);
        assertEquals("result", enable(juliet, "disable", "node-1", false).type());
        sessions.unregister(juliet);
        router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "x"));
        assertEquals(List.of("node-2"), publishes().stream()
                .map(s -> s.payload().element("publish").attributeValue("node")).toList());

        assertEquals("bad-request", TestStanzas.condition(enable(romeo, "enable", null, false)));
        enable(romeo, "enable", "a", false);
        assertEquals("result", enable(romeo, "disable", null, false).type()); // every node of that jid
        assertEquals("romeo|urn:xmpp:push:0#registrations", xml.keySet().stream().filter(k -> k.startsWith("romeo"))
                .findFirst().orElseThrow());
        assertTrue(xml.get("romeo|urn:xmpp:push:0#registrations").endsWith("0\"/>")); // an empty list
    }

    @Test
    void aMessageThatOnlyReachedAHeldSessionIsPushedAndOneSeenByAConnectedSessionIsNot() throws Exception {
        enable(juliet, "enable", "node-1", true);
        held.add(juliet); // the connection dropped; stream management keeps the session for resumption
        router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "up?"));
        assertEquals(1, publishes().size());
        assertEquals("up?", field(publishes().get(0), "last-message-body"));
        assertTrue(juliet.delivered.stream().anyMatch(s -> s.kind() == Stanza.Kind.MESSAGE), "the held session still queues it");

        FakeSession laptop = login("juliet@example.org/laptop", true); // another resource is connected
        router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hey"));
        assertEquals(1, publishes().size(), "a connected session saw it: no push");
        sessions.unregister(laptop);

        held.remove(juliet); // resumed
        router.receive(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "ok"));
        assertEquals(1, publishes().size());
    }

    @Override
    public CompletionStage<Optional<String>> get(String username, String key) {
        return CompletableFuture.completedFuture(Optional.ofNullable(xml.get(username + '|' + key)));
    }

    @Override
    public CompletionStage<Void> put(String username, String key, String value) {
        xml.put(username + '|' + key, value);
        return CompletableFuture.completedFuture(null);
    }
}
