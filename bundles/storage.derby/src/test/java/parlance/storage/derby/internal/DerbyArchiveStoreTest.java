package parlance.storage.derby.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.storage.derby.internal.Fixtures.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.storage.ArchivePage;
import parlance.api.storage.ArchiveQuery;
import parlance.api.storage.ArchivedMessage;

/** XEP-0313 archive semantics on a real Derby database: filters, XEP-0059 paging, counts, purge, order. */
class DerbyArchiveStoreTest {
    static final String JULIET = "juliet@example.org";
    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    @TempDir
    Path home;
    DerbyDatabase db;
    MutableClock clock;
    DerbyArchiveStore archive;

    @BeforeEach
    void open() throws Exception {
        db = Fixtures.open(home);
        clock = new MutableClock(T0);
        archive = new DerbyArchiveStore(db, clock);
    }

    @AfterEach
    void close() {
        db.deactivate();
    }

    /** Appends {@code n} messages m0..m(n-1) one second apart, all with {@code with}. */
    private List<ArchivedMessage> fill(String owner, int n, String with) throws Exception {
        List<ArchivedMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(await(archive.append(owner, with, "<message id='m" + i + "'><body>" + i + "</body></message>")));
            clock.advance(Duration.ofSeconds(1));
        }
        return out;
    }

    private ArchivePage query(String owner, Instant start, Instant end, String with, String after, String before,
            int max) throws Exception {
        return await(archive.query(owner, new ArchiveQuery(start, end, with, after, before, max)));
    }

    private static List<String> ids(List<ArchivedMessage> messages) {
        return messages.stream().map(ArchivedMessage::id).collect(Collectors.toList());
    }

    @Test
    void appendAssignsUniqueOpaqueIdsAndMillisecondUtcTimestampsAndQueryReturnsOldestFirst() throws Exception {
        clock.set(Instant.parse("2024-03-01T10:00:00.123456789Z"));
        ArchivedMessage first = await(archive.append(JULIET, "romeo@example.net/orchard", "<message id='a'/>"));
        assertTrue(clock.lastReader().startsWith("parlance-derby-"), "stored on a worker: " + clock.lastReader());
        assertNotEquals(Thread.currentThread().getName(), clock.lastReader());
        clock.advance(Duration.ofMillis(5));
        ArchivedMessage second = await(archive.append(JULIET, null, "<message id='b'>ü</message>"));

        assertEquals(Instant.parse("2024-03-01T10:00:00.123Z"), first.timestamp());
        assertEquals(Instant.parse("2024-03-01T10:00:00.128Z"), second.timestamp());
        assertNotEquals(first.id(), second.id());
        assertFalse(first.id().matches("\\d+"), "not a guessable counter: " + first.id());
        assertEquals(36, first.id().length(), "a random UUID");

        ArchivePage page = query(JULIET, null, null, null, null, null, 10);
        assertEquals(List.of(first.id(), second.id()), ids(page.messages()));
        ArchivedMessage read = page.messages().get(0);
        assertEquals(first.timestamp(), read.timestamp());
        assertEquals("romeo@example.net/orchard", read.with());
        assertEquals("<message id='a'/>", read.stanzaXml());
        assertEquals(null, page.messages().get(1).with());
        assertEquals("<message id='b'>ü</message>", page.messages().get(1).stanzaXml());
        assertTrue(page.complete());
        assertEquals(2, page.count());
    }

    @Test
    void pagesForwardThrough25MessagesTenAtATime() throws Exception {
        List<ArchivedMessage> all = fill(JULIET, 25, "romeo@example.net");
        ArchivePage p1 = query(JULIET, null, null, null, null, null, 10);
        assertEquals(ids(all.subList(0, 10)), ids(p1.messages()));
        assertFalse(p1.complete());
        assertEquals(25, p1.count());
        ArchivePage p2 = query(JULIET, null, null, null, p1.last(), null, 10);
        assertEquals(ids(all.subList(10, 20)), ids(p2.messages()));
        assertFalse(p2.complete());
        assertEquals(25, p2.count(), "count ignores paging");
        ArchivePage p3 = query(JULIET, null, null, null, p2.last(), null, 10);
        assertEquals(ids(all.subList(20, 25)), ids(p3.messages()));
        assertTrue(p3.complete());
        ArchivePage past = query(JULIET, null, null, null, p3.last(), null, 10);
        assertEquals(List.of(), past.messages());
        assertTrue(past.complete());
        assertEquals(null, past.first());
    }

    @Test
    void pagesBackwardFromTheLastPage() throws Exception {
        List<ArchivedMessage> all = fill(JULIET, 25, "romeo@example.net");
        ArchivePage last = query(JULIET, null, null, null, null, "", 10);
        assertEquals(ids(all.subList(15, 25)), ids(last.messages()), "the last page, oldest first");
        assertFalse(last.complete());
        assertEquals(25, last.count());
        ArchivePage p2 = query(JULIET, null, null, null, null, last.first(), 10);
        assertEquals(ids(all.subList(5, 15)), ids(p2.messages()));
        assertFalse(p2.complete());
        ArchivePage p3 = query(JULIET, null, null, null, null, p2.first(), 10);
        assertEquals(ids(all.subList(0, 5)), ids(p3.messages()));
        assertTrue(p3.complete(), "reached the start of the archive");
    }

    @Test
    void aPageThatEndsExactlyAtTheLastMessageIsComplete() throws Exception {
        List<ArchivedMessage> all = fill(JULIET, 20, null);
        ArchivePage p1 = query(JULIET, null, null, null, null, null, 10);
        assertFalse(p1.complete());
        ArchivePage p2 = query(JULIET, null, null, null, p1.last(), null, 10);
        assertEquals(ids(all.subList(10, 20)), ids(p2.messages()));
        assertTrue(p2.complete());
        ArchivePage back = query(JULIET, null, null, null, null, p2.first(), 10);
        assertEquals(ids(all.subList(0, 10)), ids(back.messages()));
        assertTrue(back.complete());
        ArchivePage between = query(JULIET, null, null, null, all.get(2).id(), all.get(6).id(), 10);
        assertEquals(ids(all.subList(3, 6)), ids(between.messages()), "after and before together bound both ends");
    }

    @Test
    void startAndEndAreInclusiveAndCombineWithPaging() throws Exception {
        List<ArchivedMessage> all = fill(JULIET, 10, "romeo@example.net");
        ArchivePage page = query(JULIET, all.get(3).timestamp(), all.get(6).timestamp(), null, null, null, 10);
        assertEquals(ids(all.subList(3, 7)), ids(page.messages()));
        assertEquals(4, page.count());
        assertTrue(page.complete());
        ArchivePage from = query(JULIET, all.get(8).timestamp(), null, null, null, null, 10);
        assertEquals(ids(all.subList(8, 10)), ids(from.messages()));
        ArchivePage until = query(JULIET, null, all.get(1).timestamp().minusMillis(1), null, null, null, 10);
        assertEquals(ids(all.subList(0, 1)), ids(until.messages()));
        ArchivePage paged = query(JULIET, all.get(2).timestamp(), null, null, all.get(4).id(), null, 3);
        assertEquals(ids(all.subList(5, 8)), ids(paged.messages()));
        assertFalse(paged.complete());
        assertEquals(8, paged.count(), "messages 2..9 match the filter");
    }

    @Test
    void aBareWithMatchesEveryResourceAndAFullWithOnlyItself() throws Exception {
        ArchivedMessage a = await(archive.append(JULIET, "romeo@example.net/orchard", "<message id='1'/>"));
        ArchivedMessage b = await(archive.append(JULIET, "romeo@example.net/balcony", "<message id='2'/>"));
        ArchivedMessage c = await(archive.append(JULIET, "romeo@example.net", "<message id='3'/>"));
        ArchivedMessage d = await(archive.append(JULIET, "nurse@example.net/orchard", "<message id='4'/>"));
        ArchivedMessage e = await(archive.append(JULIET, "romeo@example.net.evil/x", "<message id='5'/>"));

        ArchivePage bare = query(JULIET, null, null, "romeo@example.net", null, null, 10);
        assertEquals(List.of(a.id(), b.id(), c.id()), ids(bare.messages()));
        assertEquals(3, bare.count());
        assertEquals(List.of(b.id()), ids(query(JULIET, null, null, "romeo@example.net/balcony", null, null, 10)
                .messages()));
        assertEquals(List.of(), query(JULIET, null, null, "romeo@example.net/garden", null, null, 10).messages());
        assertEquals(List.of(d.id()), ids(query(JULIET, null, null, "nurse@example.net", null, null, 10).messages()));
        assertEquals(List.of(e.id()), ids(query(JULIET, null, null, "romeo@example.net.evil", null, null, 10)
                .messages()));
        ArchivePage pagedBare = query(JULIET, null, null, "romeo@example.net", a.id(), null, 1);
        assertEquals(List.of(b.id()), ids(pagedBare.messages()));
        assertFalse(pagedBare.complete());
        assertEquals(3, pagedBare.count());
    }

    @Test
    void maxZeroReturnsOnlyTheCount() throws Exception {
        fill(JULIET, 7, "romeo@example.net/a");
        ArchivePage page = query(JULIET, null, null, "romeo@example.net", null, null, 0);
        assertEquals(List.of(), page.messages());
        assertEquals(7, page.count());
        assertFalse(page.complete(), "there are messages past this empty page");
        ArchivePage none = query(JULIET, null, null, "nurse@example.net", null, null, 0);
        assertEquals(0, none.count());
        assertTrue(none.complete());
    }

    @Test
    void anUnknownIdOrAnIdOfAnotherArchiveFailsTheQueryWithIllegalArgument() throws Exception {
        fill(JULIET, 3, null);
        ArchivedMessage romeos = await(archive.append("romeo@example.net", null, "<message/>"));
        for (ArchiveQuery q : List.of(new ArchiveQuery(null, null, null, "no-such-id", null, 10),
                new ArchiveQuery(null, null, null, null, "no-such-id", 10),
                new ArchiveQuery(null, null, null, romeos.id(), null, 10),
                new ArchiveQuery(null, null, null, null, romeos.id(), 10))) {
            ExecutionException ex = assertThrows(ExecutionException.class, () -> await(archive.query(JULIET, q)));
            assertTrue(ex.getCause() instanceof IllegalArgumentException, String.valueOf(ex.getCause()));
        }
        assertEquals(3, query(JULIET, null, null, null, null, null, 10).count(), "the store still works");
    }

    @Test
    void purgeDeletesOneWholeArchiveAndCountsWhatItRemoved() throws Exception {
        fill(JULIET, 12, "romeo@example.net");
        fill("room@conference.example.org", 4, "room@conference.example.org/nurse");
        assertEquals(12, (int) await(archive.purge(JULIET)));
        assertEquals(0, query(JULIET, null, null, null, null, null, 10).count());
        assertEquals(4, query("room@conference.example.org", null, null, null, null, null, 10).count());
        assertEquals(0, (int) await(archive.purge(JULIET)));
    }

    @Test
    void theCountOfAWholeArchiveFollowsAppendsAndPurgesAcrossAReopen() throws Exception {
        fill(JULIET, 5, "romeo@example.net/a");
        fill(JULIET, 2, "nurse@example.net/b");
        fill("room@conference.example.org", 3, null);
        assertEquals(7, query(JULIET, null, null, null, null, "", 2).count(), "the stored count of the archive");
        assertEquals(5, query(JULIET, null, null, "romeo@example.net", null, "", 2).count(), "a filtered count");
        await(archive.purge(JULIET));
        fill(JULIET, 1, "romeo@example.net/a");
        db.deactivate();
        db = Fixtures.open(home);
        archive = new DerbyArchiveStore(db, clock);
        fill(JULIET, 1, "romeo@example.net/a");
        assertEquals(2, query(JULIET, null, null, null, null, null, 0).count());
        assertEquals(3, query("room@conference.example.org", null, null, null, null, null, 0).count());
        assertEquals(0, query("nobody@example.org", null, null, null, null, null, 0).count());
    }

    @Test
    void theCountOfAPartnerFollowsAppendsAndPurgesAcrossAReopenAndMatchesTheMessages() throws Exception {
        fill(JULIET, 4, "romeo@example.net/orchard");
        fill(JULIET, 2, "romeo@example.net/balcony");
        fill(JULIET, 3, "nurse@example.net/b");
        fill(JULIET, 1, null);
        fill("room@conference.example.org", 5, "romeo@example.net/x");
        ArchivePage romeo = query(JULIET, null, null, "romeo@example.net", null, null, 100);
        assertEquals(6, romeo.count(), "both resources of romeo");
        assertEquals(6, romeo.messages().size(), "the count agrees with the messages the filter returns");
        assertEquals(3, query(JULIET, null, null, "nurse@example.net", null, null, 0).count());
        assertEquals(0, query(JULIET, null, null, "tybalt@example.net", null, null, 0).count());
        assertEquals(2, query(JULIET, null, null, "romeo@example.net/balcony", null, null, 0).count(),
                "a full address is counted exactly");
        await(archive.purge(JULIET));
        assertEquals(0, query(JULIET, null, null, "romeo@example.net", null, null, 0).count());
        assertEquals(5, query("room@conference.example.org", null, null, "romeo@example.net", null, null, 0).count(),
                "another archive keeps its own count for the same partner");
        fill(JULIET, 1, "romeo@example.net/orchard");
        db.deactivate();
        db = Fixtures.open(home);
        archive = new DerbyArchiveStore(db, clock);
        fill(JULIET, 2, "romeo@example.net");
        assertEquals(3, query(JULIET, null, null, "romeo@example.net", null, "", 2).count());
    }

    @Test
    void archivesSurviveAReopenAndNewMessagesFollowTheOldOnes() throws Exception {
        List<ArchivedMessage> before = fill(JULIET, 3, "romeo@example.net");
        db.deactivate();
        db = Fixtures.open(home);
        archive = new DerbyArchiveStore(db, clock);
        List<ArchivedMessage> after = fill(JULIET, 2, "romeo@example.net");
        ArchivePage page = query(JULIET, null, null, null, before.get(2).id(), null, 10);
        assertEquals(ids(after), ids(page.messages()));
        assertEquals(5, page.count());
        ArchivedMessage oldest = query(JULIET, null, null, null, null, null, 1).messages().get(0);
        assertEquals(before.get(0).id(), oldest.id());
        assertEquals(before.get(0).timestamp(), oldest.timestamp());
    }

    /** 2024-11-03 01:30 happens twice in New York; a timestamp stored in local time would come back an hour off. */
    @Test
    void timestampsDoNotDependOnTheJvmTimeZone() throws Exception {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            Instant firstOneThirty = Instant.parse("2024-11-03T05:30:00.250Z"); // 01:30:00.250 EDT
            Instant secondOneThirty = Instant.parse("2024-11-03T06:30:00.250Z"); // 01:30:00.250 EST
            clock.set(firstOneThirty);
            ArchivedMessage first = await(archive.append(JULIET, null, "<message id='1'/>"));
            clock.set(secondOneThirty);
            ArchivedMessage second = await(archive.append(JULIET, null, "<message id='2'/>"));
            ArchivePage all = query(JULIET, null, null, null, null, null, 10);
            assertEquals(List.of(firstOneThirty, secondOneThirty),
                    all.messages().stream().map(ArchivedMessage::timestamp).collect(Collectors.toList()));
            assertEquals(List.of(first.id()), ids(query(JULIET, null, firstOneThirty, null, null, null, 10)
                    .messages()));
            assertEquals(List.of(second.id()), ids(query(JULIET, secondOneThirty, null, null, null, null, 10)
                    .messages()));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void appendsToOneArchiveKeepTheirOrderUnderConcurrency() throws Exception {
        int threads = 8;
        int perThread = 125;
        List<CompletionStage<ArchivedMessage>> submitted = new ArrayList<>();
        Object lock = new Object();
        List<Thread> writers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int writer = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    synchronized (lock) { // the order of submission is the order of this list
                        submitted.add(archive.append(JULIET, "w" + writer + "@example.net/r" + i,
                                "<message id='" + submitted.size() + "'/>"));
                    }
                }
            });
            writers.add(th);
            th.start();
        }
        fill("other@example.org", 5, null); // another archive meanwhile
        go.countDown();
        for (Thread th : writers) {
            th.join(60_000);
        }
        assertEquals(threads * perThread, submitted.size());
        List<String> expected = new ArrayList<>();
        for (CompletionStage<ArchivedMessage> s : submitted) {
            expected.add(await(s).id());
        }
        assertEquals(threads * perThread, new HashSet<>(expected).size(), "ids are unique");

        List<String> stored = new ArrayList<>();
        ArchivePage page = query(JULIET, null, null, null, null, null, 100);
        stored.addAll(ids(page.messages()));
        while (!page.complete()) {
            page = query(JULIET, null, null, null, page.last(), null, 100);
            stored.addAll(ids(page.messages()));
        }
        assertEquals(expected, stored, "stored in the order the appends were made");
        assertEquals(threads * perThread, page.count());
        assertEquals("<message id='999'/>", page.messages().get(page.messages().size() - 1).stanzaXml());
    }

    /**
     * Appends to many archives at once run on different stripes and race for the identity counter of the table;
     * Derby answers a loser with 40XL1 when a preallocated block of ids runs out, and the store retries it.
     */
    @Test
    void appendsToManyArchivesAtOnceAllSucceed() throws Exception {
        List<CompletionStage<ArchivedMessage>> all = new ArrayList<>();
        for (int i = 0; i < 1600; i++) {
            all.add(archive.append("room" + (i % 16) + "@conference.example.org", "nick", "<message/>"));
        }
        for (CompletionStage<ArchivedMessage> s : all) {
            await(s);
        }
        assertEquals(100, query("room3@conference.example.org", null, null, null, null, null, 1).count());
    }

    @Test
    void lockTimeoutsAndDeadlocksAreRetriedNothingElse() {
        assertTrue(DerbyDatabase.isRetryable("40XL1"));
        assertTrue(DerbyDatabase.isRetryable("40001"));
        assertFalse(DerbyDatabase.isRetryable("23505"));
        assertFalse(DerbyDatabase.isRetryable(null));
    }
}
