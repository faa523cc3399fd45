package parlance.blocking.internal;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.storage.PrivateStore;
import parlance.api.storage.Roster;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterStore;
import parlance.router.internal.RouterConfig;
import parlance.router.internal.SessionTable;
import parlance.router.internal.SessionsConfig;
import parlance.router.internal.StanzaRouter;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** The real router and session table with every component of this bundle wired as DS would, over memory stores. */
final class Harness implements AutoCloseable, PrivateStore, RosterStore {
    final Map<String, String> privateXml = new ConcurrentHashMap<>();
    final Map<String, List<RosterItem>> rosters = new ConcurrentHashMap<>();
    final SessionTable sessions = new SessionTable();
    final StanzaRouter router;
    final Blocklists lists;
    private long ids;

    Harness() {
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
        lists = new Blocklists(this, sessions);
        sessions.addListener(lists);
        BlockPresence presence = new BlockPresence(this, sessions, router);
        router.addIqHandler(new BlocklistGet(lists), props(IqHandler.TYPE, "get", IqHandler.NAMESPACE, Ns.BLOCKING,
                IqHandler.ELEMENT, "blocklist", IqHandler.TARGET, new String[] {"account", "server"}));
        router.addIqHandler(new BlockSet(lists, preparer(), presence), props(IqHandler.TYPE, "set",
                IqHandler.NAMESPACE, Ns.BLOCKING, IqHandler.ELEMENT, new String[] {"block", "unblock"},
                IqHandler.TARGET, new String[] {"account", "server"}));
        router.addStanzaHandler(new InboundGuard(lists, TestStanzas.server()), props(StanzaHandler.KIND,
                new String[] {"presence", "iq"}, IqHandler.TARGET, "account"));
        router.addStanzaHandler(new OutboundGuard(lists, TestStanzas.server()), props(StanzaHandler.KIND,
                new String[] {"presence", "iq"}, IqHandler.TARGET, StanzaHandler.TARGET_OUTBOUND));
        router.addMessageInterceptor(new MessageGuard(lists, router, TestStanzas.server()), props());
    }

    Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.put(Constants.SERVICE_ID, ++ids);
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

    FakeSession login(String fullJid, int priority) throws Exception {
        FakeSession s = new FakeSession(fullJid).available(priority);
        sessions.register(s);
        return s;
    }

    /** Gives {@code user} a roster item for {@code contact} with a subscription. */
    void subscribed(String user, String contact, RosterItem.Subscription sub) {
        rosters.computeIfAbsent(user, u -> new ArrayList<>())
                .add(new RosterItem(TestStanzas.jid(contact), null, sub, false, false, false, Set.of()));
    }

    @Override
    public CompletionStage<Optional<String>> get(String username, String key) {
        return CompletableFuture.completedFuture(Optional.ofNullable(privateXml.get(username + '|' + key)));
    }

    @Override
    public CompletionStage<Void> put(String username, String key, String xml) {
        privateXml.put(username + '|' + key, xml);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Roster> roster(String username) {
        return CompletableFuture.completedFuture(new Roster(1, List.copyOf(rosters.getOrDefault(username, List.of()))));
    }

    @Override
    public CompletionStage<Long> put(String username, RosterItem item) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Long> remove(String username, Jid contact) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        router.deactivate();
    }
}
