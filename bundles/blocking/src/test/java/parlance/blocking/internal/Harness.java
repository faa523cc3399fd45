package parlance.blocking.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import parlance.api.address.Jid;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.storage.Roster;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterStore;
import parlance.router.internal.RouterFixture;
import parlance.testkit.MemoryPrivateStore;
import parlance.testkit.TestPreparer;
import parlance.testkit.TestStanzas;

/** The real router and session table with every component of this bundle wired as DS would, over memory stores. */
final class Harness extends RouterFixture implements RosterStore {
    final MemoryPrivateStore privateStore = new MemoryPrivateStore();
    final Map<String, String> privateXml = privateStore.xml;
    final Map<String, List<RosterItem>> rosters = new ConcurrentHashMap<>();
    final Blocklists lists;

    Harness() {
        lists = new Blocklists(privateStore, sessions);
        sessions.addListener(lists);
        BlockPresence presence = new BlockPresence(this, sessions, router);
        addIqHandler(new BlocklistGet(lists), IqHandler.TYPE, "get", IqHandler.NAMESPACE, Ns.BLOCKING,
                IqHandler.ELEMENT, "blocklist", IqHandler.TARGET, new String[] {"account", "server"});
        addIqHandler(new BlockSet(lists, new TestPreparer(), presence), IqHandler.TYPE, "set",
                IqHandler.NAMESPACE, Ns.BLOCKING, IqHandler.ELEMENT, new String[] {"block", "unblock"},
                IqHandler.TARGET, new String[] {"account", "server"});
        addStanzaHandler(new InboundGuard(lists, TestStanzas.server()), StanzaHandler.KIND,
                new String[] {"presence", "iq"}, IqHandler.TARGET, "account");
        addStanzaHandler(new OutboundGuard(lists, TestStanzas.server()), StanzaHandler.KIND,
                new String[] {"presence", "iq"}, IqHandler.TARGET, StanzaHandler.TARGET_OUTBOUND);
        addInterceptor(new MessageGuard(lists, router, TestStanzas.server()));
    }

    /** Gives {@code user} a roster item for {@code contact} with a subscription. */
    void subscribed(String user, String contact, RosterItem.Subscription sub) {
        rosters.computeIfAbsent(user, u -> new ArrayList<>())
                .add(new RosterItem(TestStanzas.jid(contact), null, sub, false, false, false, Set.of()));
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
}
