package parlance.im.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import parlance.api.address.Jid;
import parlance.api.storage.OfflineStore;
import parlance.api.storage.Roster;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterStore;
import parlance.api.storage.ScramCredential;
import parlance.api.storage.UserStore;

/**
 * In-memory storage SPI that completes every stage on its own thread (like the Derby provider), one operation at a
 * time in submission order.
 */
final class MemoryStores implements RosterStore, OfflineStore, UserStore {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memory-store");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Map<Jid, RosterItem>> rosters = new ConcurrentHashMap<>();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Map<String, List<String>> offline = new ConcurrentHashMap<>();
    private final Map<String, Boolean> users = new ConcurrentHashMap<>();

    private <T> CompletionStage<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, thread);
    }

    void shutdown() {
        thread.shutdownNow();
    }

    void addUser(String name) {
        users.put(name, true);
    }

    /** The stored item, read synchronously (for assertions). */
    RosterItem item(String user, String contact) {
        return rosters.getOrDefault(user, Map.of()).get(T.jid(contact));
    }

    void putNow(String user, RosterItem item) {
        rosters.computeIfAbsent(user, k -> new LinkedHashMap<>()).put(item.jid(), item);
        versions.merge(user, 1L, Long::sum);
    }

    @Override
    public CompletionStage<Roster> roster(String username) {
        return async(() -> new Roster(versions.getOrDefault(username, 0L),
                new ArrayList<>(rosters.getOrDefault(username, Map.of()).values())));
    }

    @Override
    public CompletionStage<Long> put(String username, RosterItem item) {
        return async(() -> {
            putNow(username, item);
            return versions.get(username);
        });
    }

    @Override
    public CompletionStage<Long> remove(String username, Jid contact) {
        return async(() -> {
            Map<Jid, RosterItem> r = rosters.get(username);
            if (r != null && r.remove(contact) != null) {
                versions.merge(username, 1L, Long::sum);
            }
            return versions.getOrDefault(username, 0L);
        });
    }

    @Override
    public CompletionStage<Boolean> store(String username, String messageXml, int limit) {
        return async(() -> {
            List<String> list = offline.computeIfAbsent(username, k -> new ArrayList<>());
            if (list.size() >= limit) {
                return false;
            }
            list.add(messageXml);
            return true;
        });
    }

    @Override
    public CompletionStage<List<String>> takeAll(String username) {
        return async(() -> {
            List<String> list = offline.remove(username);
            return list == null ? List.of() : list;
        });
    }

    @Override
    public CompletionStage<Integer> count(String username) {
        return async(() -> offline.getOrDefault(username, List.of()).size());
    }

    @Override
    public CompletionStage<Boolean> create(String username, List<ScramCredential> credentials) {
        return async(() -> users.putIfAbsent(username, true) == null);
    }

    @Override
    public CompletionStage<Boolean> exists(String username) {
        return async(() -> users.containsKey(username));
    }

    @Override
    public CompletionStage<Boolean> delete(String username) {
        return async(() -> users.remove(username) != null);
    }

    @Override
    public CompletionStage<Boolean> setCredentials(String username, List<ScramCredential> credentials) {
        return async(() -> users.containsKey(username));
    }

    @Override
    public CompletionStage<Optional<ScramCredential>> credential(String username, String hash) {
        return async(Optional::empty);
    }

    @Override
    public CompletionStage<List<String>> list(String query, int offset, int limit) {
        return async(() -> new ArrayList<>(users.keySet()));
    }

    @Override
    public CompletionStage<Integer> count() {
        return async(users::size);
    }
}
