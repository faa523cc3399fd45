package parlance.storage.derby.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** One unit of database work; it runs inside one transaction, committed when it returns normally. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
