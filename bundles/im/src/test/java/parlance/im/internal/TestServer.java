package parlance.im.internal;

import parlance.testkit.FakeSession;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.annotation.Annotation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Constants;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.router.HostedService;
import parlance.api.stanza.Stanza;
import parlance.router.internal.RouterConfig;
import parlance.router.internal.SessionTable;
import parlance.router.internal.SessionsConfig;
import parlance.router.internal.StanzaRouter;

/** The real router and session table with every component of this bundle, wired as DS would, over memory stores. */
final class TestServer implements AutoCloseable {
    final MemoryStores stores = new MemoryStores();
    final SessionTable sessions = new SessionTable();
    final StanzaRouter router;
    final Rosters rosters;
    final Offline offline;
    final Presences presences;
    final Subscriptions subscriptions;
    private long serviceIds;

    TestServer(int offlineLimit) {
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
        router = new StanzaRouter(sessions, T.server(), new RouterConfig() {
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
        rosters = new Rosters(stores, sessions);
        offline = new Offline(stores, stores, sessions, T.server(), T.offlineConfig(offlineLimit));
        presences = new Presences(rosters, sessions, router, T.server(), offline);
        subscriptions = new Subscriptions(rosters, sessions, router, stores, T.server());
        sessions.addListener(presences);
        router.addIqHandler(new RosterIq(rosters, preparer(), subscriptions), props(IqHandler.TYPE, new String[] {"get", "set"},
                IqHandler.NAMESPACE, "jabber:iq:roster", IqHandler.ELEMENT, "query", IqHandler.TARGET, "account"));
        router.addStanzaHandler(offline, props(StanzaHandler.KIND, "message", IqHandler.TARGET, "account"));
        router.addStanzaHandler(new PresenceHandlers.Inbound(subscriptions, presences),
                props(StanzaHandler.KIND, "presence", IqHandler.TARGET, "account"));
        router.addStanzaHandler(new PresenceHandlers.Outbound(subscriptions, presences),
                props(StanzaHandler.KIND, "presence", IqHandler.TARGET, StanzaHandler.TARGET_OUTBOUND));
        for (String user : List.of("juliet", "romeo", "nurse")) {
            stores.addUser(user);
        }
    }

    /** Adds a handler that runs before im's own (as the blocking bundle's guards do). */
    void addFirstStanzaHandler(StanzaHandler handler, String kind, String target) {
        router.addStanzaHandler(handler, props(StanzaHandler.KIND, kind, IqHandler.TARGET, target,
                Constants.SERVICE_RANKING, 1000));
    }

    void addService(String domain, HostedService service) {
        router.addHostedService(service, props(HostedService.DOMAIN, domain));
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
                if (text.isEmpty() || text.startsWith("@") || text.contains(" ")) {
                    throw new JidFormatException("bad: " + text);
                }
                return T.jid(text.toLowerCase(java.util.Locale.ROOT));
            }

            public String prepareLocal(String local) {
                return local.toLowerCase(java.util.Locale.ROOT);
            }

            public String prepareResource(String resource) {
                return resource;
            }

            public String prepareDomain(String domain) {
                return domain.toLowerCase(java.util.Locale.ROOT);
            }

            public String preparePassword(String password) {
                return password;
            }
        };
    }

    /** Binds a session (connected, not yet available). */
    FakeSession connect(String full) throws Exception {
        FakeSession s = new FakeSession(full);
        sessions.register(s);
        return s;
    }

    /** A client sends a stanza on its session (the stream layer has stamped {@code from}). */
    void send(FakeSession session, Stanza stanza) {
        router.receive(session, stanza);
    }

    /** Sends initial (or subsequent) presence without {@code to}. */
    void available(FakeSession session, int priority) {
        send(session, T.presence(session.jid.toString(), null, null, priority));
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** Waits until the store thread drained everything submitted so far (twice, for chained stages). */
    void settle() throws Exception {
        for (int i = 0; i < 4; i++) {
            stores.count("nobody").toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        router.deactivate();
        stores.shutdown();
    }
}
