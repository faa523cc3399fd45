package parlance.storage.derby.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keys for a table's rows, handed out in memory (the embedded database has one writer: this process). The first
 * call reads the largest key in use; later ones only increment. Calls on one stripe get increasing keys, which is
 * the arrival order the archive and offline queries sort by. A rolled-back insert leaves a gap, nothing else.
 */
final class RowIds {
    private final String table;
    private final String column;
    private final AtomicLong last = new AtomicLong();
    private volatile boolean loaded;

    RowIds(String table, String column) {
        this.table = table;
        this.column = column;
    }

    long next(Connection c) throws SQLException {
        if (!loaded) {
            synchronized (this) {
                if (!loaded) {
                    try (Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery("SELECT MAX(" + column + ") FROM " + table)) {
                        rs.next();
                        last.set(rs.getLong(1));
                    }
                    loaded = true;
                }
            }
        }
        return last.incrementAndGet();
    }
}
