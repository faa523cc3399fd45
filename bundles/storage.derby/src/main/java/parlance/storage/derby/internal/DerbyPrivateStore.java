package parlance.storage.derby.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.storage.PrivateStore;

/** Private XML storage (XEP-0049 §2): one serialised element per user and key, replaced on put. */
@Component(service = PrivateStore.class, property = DerbyUserStore.PROVIDER)
public final class DerbyPrivateStore implements PrivateStore {
    private final DerbyDatabase db;

    @Activate
    public DerbyPrivateStore(@Reference(name = "database") DerbyDatabase db) {
        this.db = db;
    }

    @Override
    public CompletionStage<Optional<String>> get(String username, String key) {
        return db.call(username, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT content FROM private_xml WHERE username = ? AND xml_key = ?")) {
                ps.setString(1, username);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public CompletionStage<Void> put(String username, String key, String xml) {
        return db.call(username, c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE private_xml SET content = ? WHERE username = ? AND xml_key = ?")) {
                ps.setString(1, xml);
                ps.setString(2, username);
                ps.setString(3, key);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO private_xml (username, xml_key, content) VALUES (?, ?, ?)")) {
                    ps.setString(1, username);
                    ps.setString(2, key);
                    ps.setString(3, xml);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }
}
