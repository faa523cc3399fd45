package parlance.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import parlance.api.address.Jid;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/**
 * The real {@link MucService} over fakes: a changed configuration (PID {@code parlance.muc}) applies to the
 * running service without dropping rooms or occupants (no status 332); only a new service domain restarts it.
 */
class LiveConfigTest {
    static final String ROOM = "room@conference.example.org";

    /** One registration of the hosted service through the fake bundle context. */
    static final class Registered {
        final HostedService service;
        final String domain;
        volatile boolean unregistered;

        Registered(HostedService service, String domain) {
            this.service = service;
            this.domain = domain;
        }
    }

    final Map<Jid, FakeSession> sessions = new ConcurrentHashMap<>();
    final List<Registered> registered = new CopyOnWriteArrayList<>();
    final Router router = new Router() {
        public void route(Stanza stanza) {
        }

        public void receive(ClientSession origin, Stanza stanza) {
        }
    };
    final MucService service = new MucService(TestStanzas.server(), Harness.sessionManager(sessions), router,
            Harness.preparer());
    final FakeSession owner = user("owner@example.org/a");
    final FakeSession bob = user("bob@example.org/b");

    @AfterEach
    void stop() {
        if (!registered.isEmpty()) {
            service.deactivate();
        }
    }

    @Test
    void aChangedConfigurationKeepsOccupantsAndAppliesTheNewValues() throws Exception {
        service.activate(context(), config(Map.of()));
        Registered first = registered.get(0);
        roomWithOwnerAndBob(first);
        for (String body : List.of("one", "two", "three")) {
            send(first, TestStanzas.message(owner.jid.toString(), ROOM, "groupchat", body));
        }
        await("bob got three messages", () -> Harness.bodies(bob).size() == 3);

        service.modified(config(Map.of("max_history_size", 1, "name", "Renamed", "max_occupants", 3)));

        assertEquals(1, registered.size(), "the service was not registered again");
        assertFalse(first.unregistered, "the service stayed registered");
        send(first, TestStanzas.message(owner.jid.toString(), ROOM, "groupchat", "after"));
        await("bob, still an occupant, got the next message", () -> "after".equals(lastBody(bob)));
        for (FakeSession s : List.of(owner, bob)) {
            assertTrue(s.delivered.stream().noneMatch(x -> Harness.codes(x).contains(332)), "no 332 for " + s.jid);
        }

        FakeSession carol = user("carol@example.org/c");
        send(first, joinPresence(carol, ROOM + "/carol"));
        await("carol got the subject", () -> carol.delivered.stream()
                .anyMatch(x -> x.element().element("subject") != null));
        assertEquals(List.of("after"), Harness.bodies(carol).stream().map(x -> x.element().elementText("body"))
                .toList(), "a history of max.history.size=1 now");
        FakeSession dave = user("dave@example.org/d");
        send(first, joinPresence(dave, ROOM + "/dave"));
        await("dave was refused", () -> dave.last() != null);
        assertEquals("service-unavailable", TestStanzas.condition(dave.last()), "max.occupants=3 now");

        FakeSession asker = user("eve@example.org/e");
        send(first, TestStanzas.iq(asker.jid.toString(), "conference.example.org", "get",
                "http://jabber.org/protocol/disco#info", "query"));
        await("disco answered", () -> asker.last() != null);
        assertEquals("Renamed", asker.last().payload().element("identity").attributeValue("name"));
    }

    @Test
    void aNewDomainRestartsTheServiceAtTheNewAddress() throws Exception {
        service.activate(context(), config(Map.of()));
        Registered first = registered.get(0);
        roomWithOwnerAndBob(first);

        service.modified(config(Map.of("domain", "chat.example.org")));

        assertTrue(first.unregistered, "the old address is gone");
        assertEquals("chat.example.org", registered.get(1).domain);
        assertTrue(Harness.codes(bob.last()).contains(332), "occupants were told the service stopped");
    }

    @Test
    void aLowerHistoryLimitAppliesToExistingRoomsAtOnce() {
        Harness h = new Harness();
        FakeSession o = h.user("owner@example.org/a");
        h.createInstant(o, ROOM + "/boss");
        for (String body : List.of("one", "two", "three")) {
            h.groupchat(o, ROOM, body);
        }
        Settings d = Settings.defaults();
        h.muc.settings(new Settings(d.name(), d.maxOccupants(), d.maxRoomsPerUser(), d.messagesPerSecond(),
                d.messageBurst(), d.historySize(), 2, d.archiveDefault(), d.maxArchivePage(), d.persistentDefault()));
        FakeSession carol = h.user("carol@example.org/c");
        h.join(carol, ROOM + "/carol");
        assertEquals(List.of("two", "three"), Harness.bodies(carol).stream()
                .map(x -> x.element().elementText("body")).toList());
        assertEquals(ROOM + "/carol", o.last().element().attributeValue("from"), "the owner is still there");
    }

    private void roomWithOwnerAndBob(Registered r) throws InterruptedException {
        send(r, joinPresence(owner, ROOM + "/boss"));
        Stanza submit = TestStanzas.iq(owner.jid.toString(), ROOM, "set", MucNs.OWNER, "query");
        submit.payload().add(DataForms.form("submit", null));
        send(r, submit);
        await("the room was configured", () -> owner.last() != null && "result".equals(owner.last().type()));
        send(r, joinPresence(bob, ROOM + "/bob"));
        await("bob joined", () -> bob.delivered.stream().anyMatch(x -> x.element().element("subject") != null));
    }

    private static String lastBody(FakeSession s) {
        List<Stanza> bodies = Harness.bodies(s);
        return bodies.isEmpty() ? null : bodies.get(bodies.size() - 1).element().elementText("body");
    }

    private static Stanza joinPresence(FakeSession who, String occupant) {
        Stanza p = TestStanzas.stanza("presence", who.jid.toString(), occupant, null);
        p.element().addElement("x", MucNs.MUC);
        return p;
    }

    private static void send(Registered r, Stanza stanza) {
        r.service.receive(stanza, null);
    }

    private FakeSession user(String jid) {
        FakeSession s = new FakeSession(jid);
        sessions.put(s.jid, s);
        return s;
    }

    /** Waits for the service's room threads (bounded; not a speed assertion). */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A configuration with the given values (by method name) and the defaults otherwise. */
    static MucConfig config(Map<String, Object> values) {
        return (MucConfig) Proxy.newProxyInstance(MucConfig.class.getClassLoader(), new Class<?>[] {MucConfig.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "MucConfig" + values : null;
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    /** A bundle context that only registers services, recording them. */
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Registered r = new Registered((HostedService) args[1],
                            (String) ((Dictionary<?, ?>) args[2]).get(HostedService.DOMAIN));
                    registered.add(r);
                    return Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    r.unregistered = true;
                                }
                                return null;
                            });
                });
    }
}
