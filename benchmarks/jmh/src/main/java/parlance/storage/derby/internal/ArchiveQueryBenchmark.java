package parlance.storage.derby.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import parlance.api.address.Jid;
import parlance.api.server.ServerInfo;
import parlance.api.storage.ArchivePage;
import parlance.api.storage.ArchiveQuery;

/**
 * MAM queries (XEP-0313 §4 with XEP-0059 paging) against the real {@link DerbyArchiveStore} on a real Derby
 * database holding one archive of 1,000,000 messages (100 partners, one message a second) interleaved with 100,000
 * messages of 10 other archives. Filling takes a while, so the database is kept in
 * {@code ${java.io.tmpdir}/parlance-archive-bench} (or {@code -Dparlance.bench.archive.dir}) and reused by the next
 * forks when it holds the expected rows. One operation = one {@code query} completed, as the MAM handler asks it
 * ({@code max} 50, which includes the {@code count} the store computes with every page).
 *
 * <p>{@code -Dderby.language.logQueryPlan=true} writes every plan to {@code <dir>/logs/derby.log} (which indexes,
 * which sorts); keep it off when timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ArchiveQueryBenchmark {
    static final String ARCHIVE = "juliet@example.org";
    static final int BIG = 1_000_000;
    static final int OTHERS = 10;
    static final int PARTNERS = 100;
    /** Every 11th row belongs to another archive: 1,100,000 rows, 1,000,000 of them juliet's. */
    static final int TOTAL = BIG / 10 * 11;
    static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    private DerbyDatabase db;
    private DerbyArchiveStore store;
    private String middleId;
    private Instant middleAt;

    @Setup
    public void open() throws Exception {
        Path home = Path.of(System.getProperty("parlance.bench.archive.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "parlance-archive-bench").toString()));
        Files.createDirectories(home);
        db = new DerbyDatabase(server(home), config());
        store = new DerbyArchiveStore(db, Clock.systemUTC());
        long have = await(db.call("setup", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM archive_messages")) {
                ResultSet rs = ps.executeQuery();
                rs.next();
                return rs.getLong(1);
            }
        }));
        if (have != TOTAL) {
            fill();
        }
        // juliet's 500,000th message or so: the page after it is in the middle of the archive
        await(db.call("setup", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT message_id, stored_at FROM archive_messages"
                    + " WHERE archive = ? AND seq >= ? ORDER BY seq FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, ARCHIVE);
                ps.setLong(2, TOTAL / 2);
                ResultSet rs = ps.executeQuery();
                rs.next();
                middleId = rs.getString(1);
                middleAt = rs.getTimestamp(2, ArchivePages.utc()).toInstant();
                return null;
            }
        }));
        check(lastPage(), 50, BIG);
        check(pageAfterMiddle(), 50, BIG);
        check(withPage(), 50, BIG / PARTNERS);
        check(window(), 50, 3600 * 10 / 11 + 1);
        check(countOnly(), 0, BIG);
    }

    private static void check(ArchivePage page, int size, int count) {
        if (page.messages().size() != size || Math.abs(page.count() - count) > 1) {
            throw new IllegalStateException("unexpected page: " + page.messages().size() + " messages, count "
                    + page.count() + " (expected " + size + ", " + count + ")");
        }
    }

    /** Batch inserts straight through JDBC, 10,000 rows a transaction; seq, time and ids as the store makes them. */
    private void fill() throws Exception {
        long started = System.nanoTime();
        await(db.call("setup", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM archive_messages")) {
                return ps.executeUpdate();
            }
        }));
        for (int from = 1; from <= TOTAL; from += 10_000) {
            int first = from;
            await(db.call("setup", c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO archive_messages (seq, message_id,"
                        + " archive, stored_at, with_jid, with_bare, stanza) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (int seq = first; seq < first + 10_000 && seq <= TOTAL; seq++) {
                        String archive = seq % 11 == 0 ? "user" + (seq / 11 % OTHERS) + "@example.org" : ARCHIVE;
                        String bare = "romeo" + (seq % PARTNERS) + "@example.net";
                        String with = bare + "/orchard";
                        ps.setLong(1, seq);
                        ps.setString(2, UUID.randomUUID().toString());
                        ps.setString(3, archive);
                        ps.setTimestamp(4, Timestamp.from(EPOCH.plusSeconds(seq)), ArchivePages.utc());
                        ps.setString(5, with);
                        ps.setString(6, bare);
                        ps.setString(7, "<message xmlns='jabber:client' from='" + with + "' to='" + archive
                                + "' type='chat' id='" + seq + "'><body>Message number " + seq
                                + " of a long conversation, wherefore art thou.</body>"
                                + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>");
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            }));
        }
        // the store keeps each archive's count and each partner's on append (migrations 009, 010); rows inserted
        // here bypass it
        await(db.call("setup", c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM archive_counts");
                    PreparedStatement ins = c.prepareStatement("INSERT INTO archive_counts (archive, messages)"
                            + " SELECT archive, COUNT(*) FROM archive_messages GROUP BY archive");
                    PreparedStatement delWith = c.prepareStatement("DELETE FROM archive_with_counts");
                    PreparedStatement insWith = c.prepareStatement("INSERT INTO archive_with_counts"
                            + " (archive, with_bare, messages) SELECT archive, with_bare, COUNT(*)"
                            + " FROM archive_messages GROUP BY archive, with_bare")) {
                del.executeUpdate();
                delWith.executeUpdate();
                insWith.executeUpdate();
                return ins.executeUpdate();
            }
        }));
        System.out.printf("filled %,d archive rows in %d s%n", TOTAL,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @TearDown
    public void close() {
        db.deactivate();
    }

    /** The last page (XEP-0059 §2.5: before empty), as a client opening a conversation view asks. */
    @Benchmark
    public ArchivePage lastPage() throws Exception {
        return await(store.query(ARCHIVE, new ArchiveQuery(null, null, null, null, "", 50)));
    }

    /** The page after a message in the middle of the archive (XEP-0313 §4.3 forward paging, catching up). */
    @Benchmark
    public ArchivePage pageAfterMiddle() throws Exception {
        return await(store.query(ARCHIVE, new ArchiveQuery(null, null, null, middleId, null, 50)));
    }

    /** The last page with one partner (bare {@code with}, XEP-0313 §4.1.1): 10,000 of the 1,000,000 messages. */
    @Benchmark
    public ArchivePage withPage() throws Exception {
        return await(store.query(ARCHIVE, new ArchiveQuery(null, null, "romeo7@example.net", null, "", 50)));
    }

    /** The first page of a one-hour start/end window in the middle of the archive (XEP-0313 §4.1.2). */
    @Benchmark
    public ArchivePage window() throws Exception {
        return await(store.query(ARCHIVE, new ArchiveQuery(middleAt, middleAt.plusSeconds(3600), null, null, null,
                50)));
    }

    /** {@code max = 0}: the count of the whole archive alone (XEP-0059 §2.7). */
    @Benchmark
    public ArchivePage countOnly() throws Exception {
        return await(store.query(ARCHIVE, new ArchiveQuery(null, null, null, null, null, 0)));
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.MINUTES);
    }

    static ServerInfo server(Path home) {
        Instant started = Instant.now();
        return new ServerInfo() {
            @Override
            public String domain() {
                return "example.org";
            }

            @Override
            public String bindAddress() {
                return "127.0.0.1";
            }

            @Override
            public Path home() {
                return home;
            }

            @Override
            public Instant startedAt() {
                return started;
            }

            @Override
            public boolean isAdmin(Jid bareJid) {
                return false;
            }
        };
    }

    static DerbyConfig config() {
        return new DerbyConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DerbyConfig.class;
            }

            @Override
            public int pool_size() {
                return 2;
            }

            @Override
            public int threads() {
                return 2;
            }

            @Override
            public int queue_size() {
                return 1000;
            }

            @Override
            public int shutdown_timeout() {
                return 30;
            }
        };
    }
}
