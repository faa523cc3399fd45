package parlance.archive.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.framework.Constants;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Stanza;
import parlance.router.internal.RouterConfig;
import parlance.router.internal.SessionTable;
import parlance.router.internal.SessionsConfig;
import parlance.router.internal.StanzaRouter;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** The real router and session table with every component of this bundle, wired as DS would, over memory stores. */
final class Harness implements AutoCloseable {
    final MemoryStores stores = new MemoryStores();
    final SessionTable sessions = new SessionTable();
    final StanzaRouter router;
    final Carbons carbons;
    final Preferences preferences;
    private long serviceIds;

    Harness(String defaultPolicy, int maxPage) {
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
        ArchiveConfig config = config(defaultPolicy, maxPage);
        preferences = new Preferences(stores, config);
        carbons = new Carbons(sessions);
        sessions.addListener(carbons);
        MessageArchive archive = new MessageArchive(stores, preferences, stores, stores, config);
        router.addMessageInterceptor(new AccountMessages(archive, carbons), props());
        router.addIqHandler(new MamQueryIq(stores, preparer(), config), props(IqHandler.TYPE,
                new String[] {"get", "set"}, IqHandler.NAMESPACE, Ns.MAM, IqHandler.ELEMENT, "query",
                IqHandler.TARGET, "account"));
        router.addIqHandler(new MamPrefsIq(preferences, preparer()), props(IqHandler.TYPE,
                new String[] {"get", "set"}, IqHandler.NAMESPACE, Ns.MAM, IqHandler.ELEMENT, "prefs",
                IqHandler.TARGET, "account"));
        router.addIqHandler(new CarbonsIq(carbons), props(IqHandler.TYPE, "set", IqHandler.NAMESPACE, Ns.CARBONS,
                IqHandler.ELEMENT, new String[] {"enable", "disable"}, IqHandler.TARGET, "server"));
        for (String user : List.of("juliet", "romeo", "nurse")) {
            stores.users.add(user);
        }
    }

    static ArchiveConfig config(String defaultPolicy, int maxPage) {
        return new ArchiveConfig() {
            public Class<? extends Annotation> annotationType() {
                return ArchiveConfig.class;
            }

            public String default_policy() {
                return defaultPolicy;
            }

            public int max_page() {
                return maxPage;
            }

            public int timeout_seconds() {
                return 5;
            }
        };
    }

    private Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.put(Constants.SERVICE_ID, ++serviceIds);
        return m;
    }

    static AddressPreparer preparer() {
        return new AddressPreparer() {
            public Jid parse(String text) throws JidFormatException {
                if (text.isBlank() || text.contains(" ")) {
                    throw new JidFormatException("bad " + text);
                }
                return TestStanzas.jid(text.toLowerCase(java.util.Locale.ROOT));
            }

            public String prepareLocal(String local) {
                return local;
            }

            public String prepareResource(String resource) {
                return resource;
            }

            public String prepareDomain(String domain) {
                return domain;
            }

            public String preparePassword(String password) {
                return password;
            }
        };
    }

    /** A bound, available session. */
    FakeSession login(String fullJid, int priority) throws Exception {
        FakeSession s = new FakeSession(fullJid).available(priority);
        sessions.register(s);
        return s;
    }

    void send(FakeSession from, Stanza stanza) {
        router.receive(from, stanza);
    }

    /** Sends a chat message with a body from a session. */
    Stanza chat(FakeSession from, String to, String body) {
        Stanza m = TestStanzas.message(from.jid.toString(), to, "chat", body);
        send(from, m);
        return m;
    }

    /** Enables carbons for a session and waits for the result. */
    void enableCarbons(FakeSession s) {
        Stanza iq = TestStanzas.iq(s.jid.toString(), null, "set", Ns.CARBONS, "enable");
        send(s, iq);
        await(() -> s.last() != null && "result".equals(s.last().type()));
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within 10 s");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The messages a session received whose body is set, in order. */
    static List<String> bodies(FakeSession s) {
        List<String> out = new ArrayList<>();
        for (Stanza st : s.delivered) {
            String body = st.element().elementText("body");
            if (st.kind() == Stanza.Kind.MESSAGE && body != null) {
                out.add(body);
            }
        }
        return out;
    }

    /** The carbon copies ({@code sent} or {@code received}) a session got: the bodies of the forwarded messages. */
    static List<String> carbons(FakeSession s, String direction) {
        List<String> out = new ArrayList<>();
        for (Stanza st : s.delivered) {
            Element c = st.element().element(QName.get(direction, Ns.CARBONS));
            if (c != null) {
                Element inner = c.element(QName.get("forwarded", Ns.FORWARD)).element("message");
                out.add(inner.elementText("body"));
            }
        }
        return out;
    }

    @Override
    public void close() {
        router.deactivate();
        stores.shutdown();
    }
}
