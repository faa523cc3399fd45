package parlance.blocking.internal;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.dom4j.DocumentException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionListener;
import parlance.api.session.SessionManager;
import parlance.api.storage.PrivateStore;

/**
 * The blocklists of accounts (XEP-0191 §3.2), stored with the account's private XML under {@value #KEY}, a key
 * without a space, so no XEP-0049 request ("namespace element") can read or overwrite it. The list of an account
 * with bound sessions is loaded when its first session binds and kept in memory, so that the guards on presence
 * and IQs, which must answer at once, find it; it is forgotten when the last session ends. Changes of one account
 * run one after the other. Also remembers which sessions asked for the blocklist: only they get pushes (§3.3).
 */
@Component(service = {Blocklists.class, SessionListener.class})
public class Blocklists implements SessionListener {
    static final String KEY = Ns.BLOCKING + "#blocklist";
    private static final Logger LOG = LoggerFactory.getLogger(Blocklists.class);

    private final PrivateStore store;
    private final SessionManager sessions;
    private final ConcurrentHashMap<String, Blocklist> loaded = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final Set<ClientSession> interested = ConcurrentHashMap.newKeySet();

    @Activate
    public Blocklists(@Reference PrivateStore store, @Reference SessionManager sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    /** The list of an account with bound sessions, if loaded; {@code null} otherwise (guards then let pass). */
    Blocklist cached(Jid account) {
        return account.local() == null ? null : loaded.get(account.local());
    }

    /** The list of an account, from memory or from the store. */
    CompletionStage<Blocklist> get(String user) {
        Blocklist cached = loaded.get(user);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return store.get(user, KEY).thenApply(xml -> xml.map(this::parse).orElse(Blocklist.EMPTY));
    }

    /**
     * Applies {@code change} to the account's list and stores the result, after any change of the same account
     * still in progress; completes with the lists before and after.
     */
    CompletionStage<List<Blocklist>> update(Jid account, UnaryOperator<Blocklist> change) {
        String user = account.local();
        CompletableFuture<?>[] mine = new CompletableFuture<?>[1];
        tails.compute(user, (k, tail) -> {
            CompletableFuture<?> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            mine[0] = previous.handle((v, e) -> null).thenCompose(v -> get(user)).thenCompose(before -> {
                Blocklist after = change.apply(before);
                return store.put(user, KEY, after.toXml()).thenApply(done -> {
                    if (!sessions.sessions(account.bare()).isEmpty()) {
                        loaded.put(user, after);
                    }
                    return List.of(before, after);
                });
            });
            return mine[0];
        });
        @SuppressWarnings("unchecked")
        CompletableFuture<List<Blocklist>> result = (CompletableFuture<List<Blocklist>>) mine[0];
        result.whenComplete((v, e) -> tails.remove(user, result)); // nothing queued behind: forget the lane
        return result;
    }

    /** A session asked for the blocklist (§3.2): it gets the pushes of later changes. */
    void interested(ClientSession session) {
        interested.add(session);
    }

    /** The sessions of {@code account} that asked for the blocklist: the recipients of pushes (§3.3). */
    Collection<ClientSession> interestedSessions(Jid account) {
        return sessions.sessions(account.bare()).stream().filter(interested::contains).toList();
    }

    @Override
    public void sessionBound(ClientSession session) {
        String user = session.jid().local();
        if (user == null || loaded.containsKey(user)) {
            return;
        }
        get(user).whenComplete((list, e) -> {
            if (e != null) {
                LOG.warn("Blocklist of {} unavailable: {}", user, e.toString());
            } else if (!sessions.sessions(session.jid().bare()).isEmpty()) {
                loaded.putIfAbsent(user, list);
            }
        });
    }

    @Override
    public void sessionClosed(ClientSession session) {
        interested.remove(session);
        Jid bare = session.jid().bare();
        boolean others = sessions.sessions(bare).stream().anyMatch(s -> s != session);
        if (!others && bare.local() != null) {
            loaded.remove(bare.local());
        }
    }

    private Blocklist parse(String xml) {
        try {
            return Blocklist.parse(xml);
        } catch (DocumentException | RuntimeException e) {
            LOG.warn("Ignoring an unreadable blocklist: {}", e.toString());
            return Blocklist.EMPTY;
        }
    }

    /** For tests: whether {@code user}'s list is kept in memory. */
    boolean isLoaded(String user) {
        return loaded.containsKey(user);
    }
}
