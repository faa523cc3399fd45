package parlance.muc.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import parlance.api.storage.ArchivePage;
import parlance.api.storage.ArchiveQuery;
import parlance.api.storage.ArchiveStore;
import parlance.api.storage.ArchivedMessage;

/** An in-memory {@link ArchiveStore} with the paging rules of XEP-0059. */
final class MemoryArchiveStore implements ArchiveStore {
    final Map<String, List<ArchivedMessage>> archives = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public synchronized CompletionStage<ArchivedMessage> append(String archive, String with, String stanzaXml) {
        now = now.plusSeconds(1);
        ArchivedMessage m = new ArchivedMessage("id" + ids.incrementAndGet(), now, with, stanzaXml);
        archives.computeIfAbsent(archive, a -> new ArrayList<>()).add(m);
        return CompletableFuture.completedFuture(m);
    }

    @Override
    public synchronized CompletionStage<ArchivePage> query(String archive, ArchiveQuery q) {
        try {
            return CompletableFuture.completedFuture(page(archive, q));
        } catch (NoSuchElementException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ArchivePage page(String archive, ArchiveQuery q) {
        List<ArchivedMessage> all = new ArrayList<>();
        for (ArchivedMessage m : archives.getOrDefault(archive, List.of())) {
            if ((q.start() == null || !m.timestamp().isBefore(q.start()))
                    && (q.end() == null || !m.timestamp().isAfter(q.end()))
                    && (q.with() == null || q.with().equals(m.with())
                            || (m.with() != null && m.with().startsWith(q.with() + "/")))) {
                all.add(m);
            }
        }
        int from = 0;
        int to = all.size();
        if (q.after() != null) {
            from = index(all, q.after()) + 1;
        }
        if (q.before() != null && !q.before().isEmpty()) {
            to = index(all, q.before());
        }
        boolean backward = q.before() != null;
        List<ArchivedMessage> page;
        boolean complete;
        if (backward) {
            int start = Math.max(from, to - q.max());
            page = all.subList(start, to);
            complete = start == from;
        } else {
            int end = Math.min(to, from + q.max());
            page = all.subList(from, end);
            complete = end == to;
        }
        return new ArchivePage(page, complete, all.size());
    }

    private static int index(List<ArchivedMessage> all, String id) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new NoSuchElementException(id);
    }

    @Override
    public synchronized CompletionStage<Integer> purge(String archive) {
        List<ArchivedMessage> gone = archives.remove(archive);
        return CompletableFuture.completedFuture(gone == null ? 0 : gone.size());
    }
}
