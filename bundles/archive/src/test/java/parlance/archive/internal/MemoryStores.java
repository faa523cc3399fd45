package parlance.archive.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import parlance.api.address.Jid;
import parlance.api.storage.ArchivePage;
import parlance.api.storage.ArchiveQuery;
import parlance.api.storage.ArchiveStore;
import parlance.api.storage.ArchivedMessage;
import parlance.api.storage.PrivateStore;
import parlance.api.storage.Roster;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterStore;
import parlance.api.storage.ScramCredential;
import parlance.api.storage.UserStore;

/**
 * In-memory storage SPI completing every stage on its own thread, one operation at a time (like the Derby
 * provider), with the paging rules of XEP-0059 for archives. {@link #failArchive} makes appends fail.
 */
final class MemoryStores implements ArchiveStore, PrivateStore, RosterStore, UserStore {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memory-store");
        t.setDaemon(true);
        return t;
    });
    final Map<String, List<ArchivedMessage>> archives = new ConcurrentHashMap<>();
    final Map<String, String> privateXml = new ConcurrentHashMap<>();
    final Map<String, List<RosterItem>> rosters = new ConcurrentHashMap<>();
    final Set<String> users = ConcurrentHashMap.newKeySet();
    /** How often {@link #exists} was asked. */
    final java.util.concurrent.atomic.AtomicInteger existsCalls = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong ids = new AtomicLong(1000);
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    volatile boolean failArchive;

    private <T> CompletionStage<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, thread);
    }

    void shutdown() {
        thread.shutdownNow();
    }

    List<ArchivedMessage> archive(String owner) {
        return archives.getOrDefault(owner, List.of());
    }

    @Override
    public CompletionStage<ArchivedMessage> append(String archive, String with, String stanzaXml) {
        return async(() -> {
            if (failArchive) {
                throw new IllegalStateException("disk full");
            }
            now = now.plusSeconds(1);
            ArchivedMessage m = new ArchivedMessage("id" + ids.incrementAndGet(), now, with, stanzaXml);
            archives.computeIfAbsent(archive, a -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(m);
            return m;
        });
    }

    @Override
    public CompletionStage<ArchivePage> query(String archive, ArchiveQuery q) {
        return async(() -> page(archive, q));
    }

    private ArchivePage page(String archive, ArchiveQuery q) {
        List<ArchivedMessage> all = new ArrayList<>();
        for (ArchivedMessage m : archive(archive)) {
            if ((q.start() == null || !m.timestamp().isBefore(q.start()))
                    && (q.end() == null || !m.timestamp().isAfter(q.end()))
                    && (q.with() == null || q.with().equals(m.with())
                            || (m.with() != null && m.with().startsWith(q.with() + "/")))) {
                all.add(m);
            }
        }
        List<ArchivedMessage> whole = archive(archive);
        int from = q.after() == null ? 0 : count(whole, all, seq(whole, q.after()), true);
        int to = q.before() == null || q.before().isEmpty() ? all.size()
                : count(whole, all, seq(whole, q.before()), false);
        if (q.before() != null) {
            int start = Math.max(from, to - q.max());
            return new ArchivePage(all.subList(start, to), start == from, all.size());
        }
        int end = Math.min(to, from + q.max());
        return new ArchivePage(all.subList(from, end), end == to, all.size());
    }

    /** Arrival position of an id; an id not in the archive is IllegalArgumentException (as in Derby). */
    private static int seq(List<ArchivedMessage> whole, String id) {
        for (int i = 0; i < whole.size(); i++) {
            if (whole.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no message " + id);
    }

    /** How many filtered messages arrived before (or, {@code inclusive}, at) position {@code seq}. */
    private static int count(List<ArchivedMessage> whole, List<ArchivedMessage> filtered, int seq, boolean inclusive) {
        int n = 0;
        for (ArchivedMessage m : filtered) {
            int at = whole.indexOf(m);
            if (at < seq || (inclusive && at == seq)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public CompletionStage<Integer> purge(String archive) {
        return async(() -> {
            List<ArchivedMessage> gone = archives.remove(archive);
            return gone == null ? 0 : gone.size();
        });
    }

    @Override
    public CompletionStage<Optional<String>> get(String username, String key) {
        return async(() -> Optional.ofNullable(privateXml.get(username + "|" + key)));
    }

    @Override
    public CompletionStage<Void> put(String username, String key, String xml) {
        return async(() -> {
            privateXml.put(username + "|" + key, xml);
            return null;
        });
    }

    @Override
    public CompletionStage<Roster> roster(String username) {
        return async(() -> new Roster(1, rosters.getOrDefault(username, List.of())));
    }

    @Override
    public CompletionStage<Long> put(String username, RosterItem item) {
        return async(() -> {
            rosters.computeIfAbsent(username, k -> new ArrayList<>()).add(item);
            return 2L;
        });
    }

    @Override
    public CompletionStage<Long> remove(String username, Jid contact) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Boolean> create(String username, List<ScramCredential> credentials) {
        return async(() -> users.add(username));
    }

    @Override
    public CompletionStage<Boolean> exists(String username) {
        existsCalls.incrementAndGet();
        return async(() -> users.contains(username));
    }

    @Override
    public CompletionStage<Boolean> delete(String username) {
        return async(() -> users.remove(username));
    }

    @Override
    public CompletionStage<Boolean> setCredentials(String username, List<ScramCredential> credentials) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Optional<ScramCredential>> credential(String username, String hash) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<List<String>> list(String query, int offset, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Integer> count() {
        return async(users::size);
    }
}
