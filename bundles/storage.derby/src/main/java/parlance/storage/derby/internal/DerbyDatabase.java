package parlance.storage.derby.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.server.ServerInfo;

/**
 * The one embedded Derby database of this bundle, at {@code <home>/data/derby}, shared by the store components.
 * Owns the schema (see {@link Migrations}), a small connection pool and the striped worker threads: every
 * operation runs on the stripe of its key (the username), inside one transaction that is committed before its
 * stage completes, so an acknowledged write is durable (Derby's default durability; never
 * {@code derby.system.durability=test}). Operations for one key run in submission order.
 */
@Component(service = DerbyDatabase.class, configurationPid = DerbyDatabase.PID)
@Designate(ocd = DerbyConfig.class)
public final class DerbyDatabase {
    public static final String PID = "parlance.storage.derby";
    /** Stripe key for operations not tied to one user (listing, counting accounts). */
    static final String GLOBAL = "\u0000global";
    private static final Logger LOG = LoggerFactory.getLogger(DerbyDatabase.class);
    private static final long BORROW_TIMEOUT_MS = 30_000;
    private static final int MAX_ATTEMPTS = 3;

    private final Path location;
    private final ConnectionPool pool;
    private final StripedExecutor executor;
    private final long shutdownTimeoutMs;
    /**
     * Completes with the number of migrations applied once the database is booted and migrated. Booting Derby
     * takes a good part of a second, so it happens on its own thread while the rest of the server starts; the
     * workers wait for it before their first statement, callers never do.
     */
    private final CompletableFuture<Integer> opened;
    /** Per stripe, the batch of {@link #callBatched} works that is still taking more; null when none. */
    private final AtomicReferenceArray<Batch> open;
    private final AtomicLong batchedTransactions = new AtomicLong();

    @Activate
    public DerbyDatabase(@Reference(name = "server") ServerInfo server, DerbyConfig config) throws SQLException {
        Path home = server.home().toAbsolutePath();
        this.location = home.resolve("data").resolve("derby");
        this.shutdownTimeoutMs = TimeUnit.SECONDS.toMillis(Math.max(1, config.shutdown_timeout()));
        redirectDerbyLog(home.resolve("logs"));
        try {
            Files.createDirectories(location.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + location.getParent(), e);
        }
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(location.toString());
        ds.setCreateDatabase("create");
        this.pool = new ConnectionPool(ds, Math.max(1, config.pool_size()));
        this.executor = new StripedExecutor(Math.max(1, config.threads()), Math.max(1, config.queue_size()),
                "parlance-derby");
        this.open = new AtomicReferenceArray<>(executor.size());
        this.opened = new CompletableFuture<>();
        Thread opener = new Thread(this::open, "parlance-derby-open");
        opener.setDaemon(true);
        opener.start();
    }

    private void open() {
        try {
            int applied = migrate();
            LOG.info("Derby storage open at {} ({} migration(s) applied)", location, applied);
            opened.complete(applied);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Derby storage at {} cannot be opened: every storage call fails until it is fixed", location, e);
            opened.completeExceptionally(e);
        }
    }

    /** Runs {@code work} on the stripe of {@code key} in one transaction; never on the caller's thread. */
    <T> CompletionStage<T> call(String key, SqlWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        closeBatch(executor.stripe(key)); // appends queued after this call run after it
        try {
            executor.execute(key, () -> {
                try {
                    opened.join();
                    result.complete(inTransaction(work));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Like {@link #call}, for small writes that may share a transaction (group commit): the works queued on one
     * stripe while it is busy run together, each inside a savepoint, and are committed once, so many appends pay
     * for one log flush instead of one each. Each stage still completes only after the commit that made its work
     * durable; a work that fails is rolled back to its savepoint and fails alone. Works run in the order of their
     * calls, and a {@link #call} made after a {@code callBatched} runs after it (and before any later one).
     */
    <T> CompletionStage<T> callBatched(String key, SqlWork<T> work) {
        Queued<T> op = new Queued<>(work);
        int stripe = executor.stripe(key);
        for (;;) {
            Batch b = open.get(stripe);
            if (b != null && b.add(op)) {
                return op.result;
            }
            Batch fresh = new Batch(op);
            if (open.compareAndSet(stripe, b, fresh)) {
                try {
                    executor.execute(stripe, () -> runBatch(stripe, fresh));
                } catch (RejectedExecutionException e) {
                    open.compareAndSet(stripe, fresh, null);
                    fresh.close().forEach(q -> q.result.completeExceptionally(e));
                }
                return op.result;
            }
        }
    }

    /** Number of transactions {@link #callBatched} committed (for tests: fewer than the works when they queued). */
    long batchedTransactions() {
        return batchedTransactions.get();
    }

    private void closeBatch(int stripe) {
        Batch b = open.getAndSet(stripe, null);
        if (b != null) {
            b.close();
        }
    }

    private void runBatch(int stripe, Batch batch) {
        open.compareAndSet(stripe, batch, null);
        List<Queued<?>> ops = batch.close();
        try {
            opened.join();
        } catch (Throwable t) {
            ops.forEach(q -> q.result.completeExceptionally(t));
            return;
        }
        if (ops.size() > 1) {
            try {
                if (together(ops)) {
                    ops.forEach(Queued::finish);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ops.forEach(q -> q.result.completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                LOG.warn("Derby group commit failed, running its {} works one by one", ops.size(), e);
            }
        }
        for (Queued<?> q : ops) { // one work, or a group whose transaction Derby rolled back: one by one
            q.runAlone(this);
            q.finish();
        }
    }

    /**
     * Runs the works in one transaction, each in a savepoint. False when the transaction as a whole failed
     * (a deadlock, a lost connection, the commit): nothing of it remains, and the works must run again alone.
     */
    private boolean together(List<Queued<?>> ops) throws InterruptedException {
        Connection c;
        try {
            c = pool.borrow(BORROW_TIMEOUT_MS);
        } catch (SQLException e) {
            return false; // each work alone then gets the reason
        }
        boolean broken = false;
        try {
            for (Queued<?> q : ops) {
                Savepoint sp = c.setSavepoint();
                try {
                    q.runIn(c);
                } catch (SQLException e) {
                    if (e.getSQLState() != null && (e.getSQLState().startsWith("40")
                            || e.getSQLState().startsWith("08"))) {
                        throw e; // the whole transaction is gone
                    }
                    c.rollback(sp);
                    q.error = e;
                } catch (RuntimeException e) {
                    c.rollback(sp);
                    q.error = e;
                }
            }
            c.commit();
            batchedTransactions.incrementAndGet();
            return true;
        } catch (SQLException e) {
            LOG.debug("Derby group commit of {} works rolled back ({}); running them one by one", ops.size(),
                    e.getSQLState());
            broken = !rollback(c);
            return false;
        } finally {
            pool.giveBack(c, broken);
        }
    }

    /** One work of {@link #callBatched}: what it computed or why it failed, completed after the commit. */
    private static final class Queued<T> {
        final SqlWork<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        T value;
        Throwable error;

        Queued(SqlWork<T> work) {
            this.work = work;
        }

        void runIn(Connection c) throws SQLException {
            value = work.run(c);
            error = null;
        }

        void runAlone(DerbyDatabase db) {
            try {
                value = db.inTransaction(work);
                error = null;
                db.batchedTransactions.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = e;
            } catch (Throwable t) {
                error = t;
            }
        }

        void finish() {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        }
    }

    /** The works queued on one stripe for the next group commit; closed once that commit starts. */
    private static final class Batch {
        private static final int MAX = 64;
        private final List<Queued<?>> ops = new ArrayList<>();
        private boolean closed;

        Batch(Queued<?> first) {
            ops.add(first);
        }

        synchronized boolean add(Queued<?> op) {
            if (closed || ops.size() >= MAX) {
                return false;
            }
            ops.add(op);
            return true;
        }

        synchronized List<Queued<?>> close() {
            closed = true;
            return ops;
        }
    }

    /**
     * Runs {@code work} in one transaction. A transaction Derby rolled back because of a lock (40001: deadlock victim;
     * 40XL1: lock timeout, which Derby also raises when an identity column's counter is locked by a concurrent
     * insert from another stripe as its preallocated block runs out) is retried: it left nothing behind.
     */
    private <T> T inTransaction(SqlWork<T> work) throws SQLException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                return attempt(work);
            } catch (SQLException e) {
                if (!isRetryable(e.getSQLState()) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Derby transaction rolled back ({}), retrying (attempt {})", e.getSQLState(), attempt);
            }
        }
    }

    static boolean isRetryable(String sqlState) {
        return "40001".equals(sqlState) || "40XL1".equals(sqlState);
    }

    private <T> T attempt(SqlWork<T> work) throws SQLException, InterruptedException {
        Connection c = pool.borrow(BORROW_TIMEOUT_MS);
        boolean broken = false;
        try {
            T value = work.run(c);
            c.commit();
            return value;
        } catch (SQLException | RuntimeException e) {
            broken = !rollback(c);
            throw e;
        } finally {
            pool.giveBack(c, broken);
        }
    }

    private int migrate() throws SQLException {
        try {
            return inTransaction(Migrations::migrate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while migrating", e);
        }
    }

    /** Stops the workers (queued work may finish, bounded), closes the pool and shuts the database down. */
    @Deactivate
    public void deactivate() {
        long start = System.nanoTime();
        boolean drained;
        try {
            opened.get(shutdownTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception notOpen) {
            // closing anyway
        }
        try {
            drained = executor.shutdown(shutdownTimeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        pool.close();
        boolean down = shutdownDatabase();
        LOG.info("Derby storage closed at {} (queued work {}, database {}) in {} ms", location,
                drained ? "finished" : "cut off", down ? "shut down" : "shutdown timed out or failed",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Derby reports a successful single-database shutdown as SQLState 08006. */
    private boolean shutdownDatabase() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            EmbeddedDataSource ds = new EmbeddedDataSource();
            ds.setDatabaseName(location.toString());
            ds.setShutdownDatabase("shutdown");
            try {
                ds.getConnection().close();
                done.complete(false);
            } catch (SQLException e) {
                done.complete("08006".equals(e.getSQLState()));
            }
        }, "parlance-derby-shutdown");
        t.setDaemon(true);
        t.start();
        try {
            return done.get(shutdownTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean rollback(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Derby opens its error log when the engine boots, by default {@code derby.log} in the working directory.
     * Unless the operator chose otherwise, point it at {@code <home>/logs/derby.log} (appending). These are JVM-wide
     * Derby settings read once at engine boot; the parlance.derby bundle therefore does not boot the engine early.
     */
    static void redirectDerbyLog(Path logs) {
        if (System.getProperty("derby.stream.error.file") == null
                && System.getProperty("derby.stream.error.field") == null
                && System.getProperty("derby.stream.error.method") == null) {
            try {
                Files.createDirectories(logs);
                System.setProperty("derby.stream.error.file", logs.resolve("derby.log").toString());
            } catch (IOException e) {
                LOG.warn("cannot create {}; Derby logs to its default place", logs, e);
            }
        }
        if (System.getProperty("derby.infolog.append") == null) {
            System.setProperty("derby.infolog.append", "true");
        }
    }

    Path location() {
        return location;
    }

    /** Waits for the database to be open; the number of migrations this activation applied. */
    int migrationsApplied() {
        return opened.join();
    }
}
