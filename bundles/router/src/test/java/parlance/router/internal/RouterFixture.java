package parlance.router.internal;

import java.lang.annotation.Annotation;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Constants;
import parlance.api.handler.IqHandler;
import parlance.api.handler.MessageInterceptor;
import parlance.api.handler.StanzaHandler;
import parlance.api.router.HostedService;
import parlance.api.server.ServerInfo;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/**
 * The real {@link StanzaRouter} over a real {@link SessionTable}, for the unit tests of the bundles whose handlers
 * plug into the router (shipped as this module's test-jar). It registers handlers as DS would, with service
 * properties and a fresh {@code service.id} each (in registration order, so equal rankings keep that order), binds
 * {@link FakeSession}s and sends stanzas on their behalf. A bundle's harness may extend it and wire its own
 * components in its constructor.
 */
public class RouterFixture implements AutoCloseable {
    /** How long {@link #await} waits before failing. */
    private static final long TIMEOUT_SECONDS = 10;

    public final SessionTable sessions = new SessionTable();
    public final StanzaRouter router;
    private final AtomicLong serviceIds = new AtomicLong();

    /** Ten resources per account (the newest replaces a conflicting one), two handler threads, the test server. */
    public RouterFixture() {
        this(TestStanzas.server());
    }

    public RouterFixture(ServerInfo server) {
        this(server, routerConfig(2, 100));
    }

    public RouterFixture(ServerInfo server, RouterConfig config) {
        sessions.configure(sessionsConfig(10, "kick_old"));
        router = new StanzaRouter(sessions, server, config);
    }

    public static RouterConfig routerConfig(int handlerThreads, int handlerQueue) {
        return new RouterConfig() {
            public Class<? extends Annotation> annotationType() {
                return RouterConfig.class;
            }

            public int handler_threads() {
                return handlerThreads;
            }

            public int handler_queue() {
                return handlerQueue;
            }
        };
    }

    public static SessionsConfig sessionsConfig(int maxResources, String conflict) {
        return new SessionsConfig() {
            public Class<? extends Annotation> annotationType() {
                return SessionsConfig.class;
            }

            public int max_resources() {
                return maxResources;
            }

            public String conflict() {
                return conflict;
            }
        };
    }

    /**
     * Service properties from key/value pairs (e.g. {@link IqHandler#TYPE}, {@link Constants#SERVICE_RANKING}),
     * with the next {@code service.id} unless the pairs name one.
     */
    public Map<String, Object> props(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        long id = serviceIds.incrementAndGet();
        m.putIfAbsent(Constants.SERVICE_ID, id);
        return m;
    }

    public void addIqHandler(IqHandler handler, Object... keysAndValues) {
        router.addIqHandler(handler, props(keysAndValues));
    }

    public void addStanzaHandler(StanzaHandler handler, Object... keysAndValues) {
        router.addStanzaHandler(handler, props(keysAndValues));
    }

    public void addHostedService(String domain, HostedService service) {
        router.addHostedService(service, props(HostedService.DOMAIN, domain));
    }

    public void addInterceptor(MessageInterceptor interceptor, Object... keysAndValues) {
        router.addMessageInterceptor(interceptor, props(keysAndValues));
    }

    /** Binds a session: connected, not yet available (no initial presence). */
    public FakeSession connect(String fullJid) throws Exception {
        FakeSession s = new FakeSession(fullJid);
        sessions.register(s);
        return s;
    }

    /** Binds a session that is available with a priority, as after initial presence. */
    public FakeSession login(String fullJid, int priority) throws Exception {
        FakeSession s = new FakeSession(fullJid).available(priority);
        sessions.register(s);
        return s;
    }

    /** A client sends a stanza on its session (the stream layer has stamped {@code from}). */
    public void send(ClientSession from, Stanza stanza) {
        router.receive(from, stanza);
    }

    /** A stanza from the server itself or a component (no client session). */
    public void route(Stanza stanza) {
        router.route(stanza);
    }

    /** Sends a request and returns the reply the sender already got (same {@code id}); fails if there is none. */
    public Stanza request(FakeSession from, Stanza request) {
        send(from, request);
        return from.delivered.stream().filter(r -> request.id().equals(r.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no reply to " + request.id()));
    }

    public static void await(BooleanSupplier condition) {
        await("condition", condition);
    }

    /** Waits until a condition holds, failing after ten seconds; never an assertion of speed. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s waiting for: " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    /** Waits until no sender's stanzas are held back and the router's handler threads are idle. */
    public void settle() {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) router.executor();
        await("the router to settle", () -> router.pendingSenders() == 0 && pool.getQueue().isEmpty()
                && pool.getActiveCount() == 0);
    }

    @Override
    public void close() {
        router.deactivate();
    }
}
