package parlance.storage.derby.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import parlance.api.storage.ArchiveQuery;
import parlance.api.storage.ArchivedMessage;

/**
 * What the account archive (XEP-0313, default policy {@code always}) costs per one-to-one chat message: one
 * operation stores the message in the sender's and in the recipient's archive through the real
 * {@link DerbyArchiveStore} on a real Derby database (durable commits, as in the server), as the archive bundle
 * does for every chat message, and waits for both. 200 accounts chat in pairs, so appends land all over the
 * indexes; the database (a fresh one per trial, in {@code ${java.io.tmpdir}}) holds {@value #PREFILL} such
 * messages before measuring. {@code chat}: one conversation at a time; {@code chatConcurrently}: 16 at once, as
 * on a busy server, where appends queued on a stripe share a commit ({@link DerbyDatabase#callBatched}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ArchiveAppendBenchmark {
    static final int USERS = 200;
    static final int PREFILL = 20_000;

    private Path home;
    private DerbyDatabase db;
    private DerbyArchiveStore store;
    private final AtomicInteger n = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws Exception {
        home = Files.createTempDirectory("parlance-archive-append");
        db = new DerbyDatabase(ArchiveQueryBenchmark.server(home), ArchiveQueryBenchmark.config());
        store = new DerbyArchiveStore(db, Clock.systemUTC());
        for (int i = 0; i < PREFILL; i++) {
            chat();
        }
        ArchivedMessage m = store.append("check@example.org", "other@example.org/x", "<message/>")
                .toCompletableFuture().get(1, TimeUnit.MINUTES);
        if (m.id() == null || store.query("check@example.org", new ArchiveQuery(null, null, null, null, null, 10))
                .toCompletableFuture().get(1, TimeUnit.MINUTES).count() != 1) {
            throw new IllegalStateException("the archive did not keep the message");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        db.deactivate();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One chat message from user i to user i+1 (of 200), stored in both archives. */
    @Benchmark
    public ArchivedMessage chat() throws Exception {
        int k = n.incrementAndGet();
        int i = k % USERS;
        String from = "user" + i + "@example.org";
        String to = "user" + ((i + 1) % USERS) + "@example.org";
        String xml = "<message xmlns='jabber:client' from='" + from + "/phone' to='" + to + "' type='chat' id='m" + k
                + "'><body>Hello number " + k + ", how are you today?</body>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>";
        CompletableFuture<ArchivedMessage> out = store.append(from, to, xml).toCompletableFuture();
        CompletableFuture<ArchivedMessage> in = store.append(to, from + "/phone", xml).toCompletableFuture();
        return CompletableFuture.allOf(out, in).thenApply(v -> in.join()).get(1, TimeUnit.MINUTES);
    }

    /** {@link #chat} from 16 threads at once: messages per second with 16 conversations in flight. */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ArchivedMessage chatConcurrently() throws Exception {
        return chat();
    }
}
