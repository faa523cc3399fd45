package parlance.im.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Constants;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.router.internal.RouterFixture;
import parlance.testkit.FakeSession;
import parlance.testkit.TestPreparer;

/** The real router and session table with every component of this bundle, wired as DS would, over memory stores. */
final class TestServer extends RouterFixture {
    final MemoryStores stores = new MemoryStores();
    final Rosters rosters;
    final Offline offline;
    final Presences presences;
    final Subscriptions subscriptions;

    TestServer(int offlineLimit) {
        super(T.server());
        rosters = new Rosters(stores, sessions);
        offline = new Offline(stores, stores, sessions, T.server(), T.offlineConfig(offlineLimit));
        presences = new Presences(rosters, sessions, router, T.server(), offline);
        subscriptions = new Subscriptions(rosters, sessions, router, stores, T.server());
        sessions.addListener(presences);
        addIqHandler(new RosterIq(rosters, new TestPreparer(), subscriptions), IqHandler.TYPE,
                new String[] {"get", "set"}, IqHandler.NAMESPACE, "jabber:iq:roster", IqHandler.ELEMENT, "query",
                IqHandler.TARGET, "account");
        addStanzaHandler(offline, StanzaHandler.KIND, "message", IqHandler.TARGET, "account");
        addStanzaHandler(new PresenceHandlers.Inbound(subscriptions, presences),
                StanzaHandler.KIND, "presence", IqHandler.TARGET, "account");
        addStanzaHandler(new PresenceHandlers.Outbound(subscriptions, presences),
                StanzaHandler.KIND, "presence", IqHandler.TARGET, StanzaHandler.TARGET_OUTBOUND);
        for (String user : List.of("juliet", "romeo", "nurse")) {
            stores.addUser(user);
        }
    }

    /** Adds a handler that runs before im's own (as the blocking bundle's guards do). */
    void addFirstStanzaHandler(StanzaHandler handler, String kind, String target) {
        addStanzaHandler(handler, StanzaHandler.KIND, kind, IqHandler.TARGET, target, Constants.SERVICE_RANKING, 1000);
    }

    /** Sends initial (or subsequent) presence without {@code to}. */
    void available(FakeSession session, int priority) {
        send(session, T.presence(session.jid.toString(), null, null, priority));
    }

    /** Waits for the router, then until the store thread drained all submitted so far (twice, for chained stages). */
    @Override
    public void settle() {
        super.settle();
        for (int i = 0; i < 4; i++) {
            try {
                stores.count("nobody").toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the store did not settle", e);
            }
        }
    }

    @Override
    public void close() {
        super.close();
        stores.shutdown();
    }
}
