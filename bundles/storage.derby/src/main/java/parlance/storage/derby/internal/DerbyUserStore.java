package parlance.storage.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.storage.ScramCredential;
import parlance.api.storage.UserStore;

/**
 * Accounts and their SCRAM credentials (RFC 5802 §3, RFC 7677) in Derby. Deleting an account deletes its roster,
 * offline messages and private XML in the same transaction.
 */
@Component(service = UserStore.class, property = DerbyUserStore.PROVIDER)
public final class DerbyUserStore implements UserStore {
    /** Service property naming the provider, for target filters: {@code (parlance.storage=derby)}. */
    static final String PROVIDER = "parlance.storage=derby";

    private final DerbyDatabase db;

    @Activate
    public DerbyUserStore(@Reference(name = "database") DerbyDatabase db) {
        this.db = db;
    }

    @Override
    public CompletionStage<Boolean> create(String username, List<ScramCredential> credentials) {
        return db.call(username, c -> {
            if (exists(c, username)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (username, created_at) VALUES (?, ?)")) {
                ps.setString(1, username);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            insertCredentials(c, username, credentials);
            return true;
        });
    }

    @Override
    public CompletionStage<Boolean> exists(String username) {
        return db.call(username, c -> exists(c, username));
    }

    @Override
    public CompletionStage<Boolean> delete(String username) {
        return db.call(username, c -> {
            for (String sql : new String[] {"DELETE FROM credentials WHERE username = ?",
                    "DELETE FROM roster_groups WHERE username = ?", "DELETE FROM roster_items WHERE username = ?",
                    "DELETE FROM roster_version WHERE username = ?", "DELETE FROM offline_messages WHERE username = ?",
                    "DELETE FROM private_xml WHERE username = ?"}) {
                update(c, sql, username);
            }
            return update(c, "DELETE FROM users WHERE username = ?", username) > 0;
        });
    }

    @Override
    public CompletionStage<Boolean> setCredentials(String username, List<ScramCredential> credentials) {
        return db.call(username, c -> {
            if (!exists(c, username)) {
                return false;
            }
            update(c, "DELETE FROM credentials WHERE username = ?", username);
            insertCredentials(c, username, credentials);
            return true;
        });
    }

    @Override
    public CompletionStage<Optional<ScramCredential>> credential(String username, String hash) {
        return db.call(username, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT salt, iterations, stored_key, server_key"
                    + " FROM credentials WHERE username = ? AND hash = ?")) {
                ps.setString(1, username);
                ps.setString(2, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new ScramCredential(hash, rs.getBytes(1), rs.getInt(2), rs.getBytes(3),
                                    rs.getBytes(4)))
                            : Optional.<ScramCredential>empty();
                }
            }
        });
    }

    @Override
    public CompletionStage<List<String>> list(String query, int offset, int limit) {
        return db.call(DerbyDatabase.GLOBAL, c -> {
            List<String> names = new ArrayList<>();
            if (limit <= 0) {
                return names;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT username FROM users WHERE username LIKE ?"
                    + " ESCAPE '\\' ORDER BY username OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setString(1, "%" + escapeLike(query == null ? "" : query) + "%");
                ps.setInt(2, Math.max(0, offset));
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names;
        });
    }

    @Override
    public CompletionStage<Integer> count() {
        return db.call(DerbyDatabase.GLOBAL, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static boolean exists(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insertCredentials(Connection c, String username, List<ScramCredential> credentials)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials"
                + " (username, hash, salt, iterations, stored_key, server_key) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (ScramCredential cred : credentials) {
                ps.setString(1, username);
                ps.setString(2, cred.hash());
                ps.setBytes(3, cred.salt());
                ps.setInt(4, cred.iterations());
                ps.setBytes(5, cred.storedKey());
                ps.setBytes(6, cred.serverKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static int update(Connection c, String sql, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, username);
            return ps.executeUpdate();
        }
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
