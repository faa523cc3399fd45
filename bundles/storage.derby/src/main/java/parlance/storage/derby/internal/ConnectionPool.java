package parlance.storage.derby.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A small bounded pool of JDBC connections over Derby's EmbeddedDataSource: at most {@code size} connections
 * exist; connections are opened lazily and reused; a connection that failed is closed instead of being reused.
 * Only the database's worker threads borrow from it, so a wait here never blocks a network thread.
 */
final class ConnectionPool implements AutoCloseable {
    private final DataSource dataSource;
    private final Semaphore permits;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    ConnectionPool(DataSource dataSource, int size) {
        this.dataSource = dataSource;
        this.permits = new Semaphore(size, true);
        this.idle = new ArrayBlockingQueue<>(size);
    }

    Connection borrow(long timeoutMillis) throws SQLException, InterruptedException {
        if (closed) {
            throw new SQLTransientConnectionException("connection pool closed");
        }
        if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new SQLTransientConnectionException("no database connection free within " + timeoutMillis + " ms");
        }
        try {
            Connection c = idle.poll();
            if (c == null || c.isClosed()) {
                c = dataSource.getConnection();
                c.setAutoCommit(false);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a connection; {@code broken} ones (after an unexpected failure) are closed. */
    void giveBack(Connection c, boolean broken) {
        try {
            if (broken || closed || !idle.offer(c)) {
                closeQuietly(c);
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            if (!c.isClosed()) {
                c.rollback();
                c.close();
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
