package parlance.storage.derby.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
