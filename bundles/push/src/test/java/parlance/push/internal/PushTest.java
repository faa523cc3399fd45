package parlance.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Stanza;
import parlance.router.internal.RouterFixture;
import parlance.testkit.FakeSession;
import parlance.testkit.MemoryPrivateStore;
import parlance.testkit.TestPreparer;
import parlance.testkit.TestStanzas;

/** XEP-0357 through the real router: enable/disable, and what an app server receives for an offline account. */
class PushTest {
    private final MemoryPrivateStore store = new MemoryPrivateStore();
    private final Map<String, String> xml = store.xml;
    private RouterFixture server;
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
        server = new RouterFixture();
        Registrations registrations = new Registrations(store);
        server.addIqHandler(new PushIq(registrations, new TestPreparer(), config()), IqHandler.TYPE, "set",
                IqHandler.NAMESPACE, Ns.PUSH, IqHandler.ELEMENT, new String[] {"enable", "disable"},
                IqHandler.TARGET, "account");
        Notifier notifier = new Notifier(registrations, server.router, config());
        notifier.bindHeld(held::contains);
        server.addInterceptor(notifier);
        server.sessions.addListener(notifier);
        juliet = server.login("juliet@example.org/balcony", 0);
        romeo = server.login("romeo@example.org/orchard", 0);
        app = server.login("push@example.org/app", 0); // stands in for the app server
    }

    @AfterEach
    void tearDown() {
        server.close();
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
        return server.request(who, iq);
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
        server.send(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hi"));
        assertTrue(publishes().isEmpty()); // delivered to a session: nothing to push

        server.sessions.unregister(juliet);
        server.send(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "one"));
        server.send(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "two"));
        server.send(romeo, TestStanzas.stanza("message", "romeo@example.org/orchard", "juliet@example.org",
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
        server.sessions.unregister(juliet);
        server.send(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hi"));
        assertEquals("hi", field(publishes().get(0), "last-message-body"));
        FakeSession back = server.connect("juliet@example.org/garden"); // connected, not available: still offline
        server.send(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "x"));
        assertEquals("1", field(publishes().get(1), "message-count")); // the count starts over at login
        server.sessions.unregister(back);
    }

    @Test
    void disableStopsNotificationsAndEnableNeedsJidAndNode() {
        enable(juliet, "enable", "node-1", false);
        enable(juliet, "enable", "node-2", false);
        assertEquals("result", enable(juliet, "disable", "node-1", false).type());
        server.sessions.unregister(juliet);
        server.send(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "x"));
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
        server.send(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "up?"));
        assertEquals(1, publishes().size());
        assertEquals("up?", field(publishes().get(0), "last-message-body"));
        assertTrue(juliet.delivered.stream().anyMatch(s -> s.kind() == Stanza.Kind.MESSAGE), "the held session still queues it");

        FakeSession laptop = server.login("juliet@example.org/laptop", 0); // another resource is connected
        server.send(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "hey"));
        assertEquals(1, publishes().size(), "a connected session saw it: no push");
        server.sessions.unregister(laptop);

        held.remove(juliet); // resumed
        server.send(romeo, TestStanzas.message("romeo@example.org/orchard", "juliet@example.org", "chat", "ok"));
        assertEquals(1, publishes().size());
    }
}
