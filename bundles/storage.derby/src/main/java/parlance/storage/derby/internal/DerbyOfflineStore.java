package parlance.storage.derby.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.storage.OfflineStore;

/**
 * Offline messages (XEP-0160 §3) in arrival order (an identity column). The per-user limit is checked and the
 * message inserted in one transaction on the user's stripe, so no two stores for one user can both pass the check.
 */
@Component(service = OfflineStore.class, property = DerbyUserStore.PROVIDER)
public final class DerbyOfflineStore implements OfflineStore {
    private final DerbyDatabase db;
    private final RowIds ids = new RowIds("offline_messages", "id");

    @Activate
    public DerbyOfflineStore(@Reference(name = "database") DerbyDatabase db) {
        this.db = db;
    }

    @Override
    public CompletionStage<Boolean> store(String username, String messageXml, int limit) {
        return db.call(username, c -> {
            if (count(c.prepareStatement("SELECT COUNT(*) FROM offline_messages WHERE username = ?"), username)
                    >= limit) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO offline_messages (username, stanza, stored_at, id) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, username);
                ps.setString(2, messageXml);
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.setLong(4, ids.next(c));
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public CompletionStage<List<String>> takeAll(String username) {
        return db.call(username, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT stanza FROM offline_messages WHERE username = ? ORDER BY id")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            DerbyUserStore.update(c, "DELETE FROM offline_messages WHERE username = ?", username);
            return out;
        });
    }

    @Override
    public CompletionStage<Integer> count(String username) {
        return db.call(username,
                c -> count(c.prepareStatement("SELECT COUNT(*) FROM offline_messages WHERE username = ?"), username));
    }

    private static int count(PreparedStatement statement, String username) throws SQLException {
        try (PreparedStatement ps = statement) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
