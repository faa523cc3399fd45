package parlance.storage.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.storage.Roster;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterStore;

/**
 * Rosters (RFC 6121 §2) in Derby with one version counter per user, bumped in the same transaction as every
 * change (§2.6 roster versioning). Items are keyed by the contact's bare address.
 */
@Component(service = RosterStore.class, property = DerbyUserStore.PROVIDER)
public final class DerbyRosterStore implements RosterStore {
    private final DerbyDatabase db;

    @Activate
    public DerbyRosterStore(@Reference(name = "database") DerbyDatabase db) {
        this.db = db;
    }

    @Override
    public CompletionStage<Roster> roster(String username) {
        return db.call(username, c -> {
            Map<String, Object[]> rows = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT jid, name, subscription, pending_out, pending_in,"
                    + " approved FROM roster_items WHERE username = ? ORDER BY jid")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getString(1), new Object[] {rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            rs.getBoolean(5), rs.getBoolean(6), new HashSet<String>()});
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT jid, group_name FROM roster_groups WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = rows.get(rs.getString(1));
                        if (row != null) {
                            @SuppressWarnings("unchecked")
                            Set<String> groups = (Set<String>) row[5];
                            groups.add(rs.getString(2));
                        }
                    }
                }
            }
            List<RosterItem> items = new ArrayList<>(rows.size());
            for (Map.Entry<String, Object[]> e : rows.entrySet()) {
                Object[] r = e.getValue();
                @SuppressWarnings("unchecked")
                Set<String> groups = (Set<String>) r[5];
                items.add(new RosterItem(parseBare(e.getKey()), (String) r[0],
                        RosterItem.Subscription.valueOf(((String) r[1]).toUpperCase(Locale.ROOT)), (Boolean) r[2],
                        (Boolean) r[3], (Boolean) r[4], groups));
            }
            return new Roster(version(c, username), items);
        });
    }

    @Override
    public CompletionStage<Long> put(String username, RosterItem item) {
        return db.call(username, c -> {
            String jid = item.jid().toString();
            deleteItem(c, username, jid);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO roster_items (username, jid, name,"
                    + " subscription, pending_out, pending_in, approved) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, username);
                ps.setString(2, jid);
                ps.setString(3, item.name());
                ps.setString(4, item.subscription().value());
                ps.setBoolean(5, item.pendingOut());
                ps.setBoolean(6, item.pendingIn());
                ps.setBoolean(7, item.approved());
                ps.executeUpdate();
            }
            if (!item.groups().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO roster_groups (username, jid, group_name) VALUES (?, ?, ?)")) {
                    for (String g : item.groups()) {
                        ps.setString(1, username);
                        ps.setString(2, jid);
                        ps.setString(3, g);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return bump(c, username);
        });
    }

    @Override
    public CompletionStage<Long> remove(String username, Jid contact) {
        return db.call(username, c -> deleteItem(c, username, contact.bare().toString()) > 0
                ? bump(c, username)
                : version(c, username));
    }

    private static int deleteItem(Connection c, String username, String jid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM roster_groups WHERE username = ? AND jid = ?")) {
            ps.setString(1, username);
            ps.setString(2, jid);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM roster_items WHERE username = ? AND jid = ?")) {
            ps.setString(1, username);
            ps.setString(2, jid);
            return ps.executeUpdate();
        }
    }

    private static long bump(Connection c, String username) throws SQLException {
        if (DerbyUserStore.update(c, "UPDATE roster_version SET version = version + 1 WHERE username = ?",
                username) == 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO roster_version (username, version) VALUES (?, 1)")) {
                ps.setString(1, username);
                ps.executeUpdate();
            }
        }
        return version(c, username);
    }

    private static long version(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM roster_version WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    /** A stored bare address; prepared when it was stored, and neither part may contain '@' (RFC 7622 §3). */
    static Jid parseBare(String s) {
        int at = s.indexOf('@');
        return at < 0 ? Jid.ofPrepared(null, s, null) : Jid.ofPrepared(s.substring(0, at), s.substring(at + 1), null);
    }
}
