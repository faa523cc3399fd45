package parlance.storage.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import parlance.api.storage.StoredItem;

/**
 * The item statements of {@link DerbyPubSubStore}, each inside the caller's transaction. Publish order is
 * {@code seq}, one more than the node's newest item; the caller's stripe serialises the writes of a service, and
 * a unique index on (service, node, seq) would fail a racing duplicate rather than blur the order. (Not an identity
 * column: Derby's identity generator fails concurrent inserts with 40XL1 when its preallocated range runs out.)
 * Timestamps are read and written through a UTC calendar ({@link ArchivePages#utc()}).
 */
final class PubSubItems {
    private static final String COLUMNS = "seq, item_id, publisher, published, payload";
    private static final String OF_NODE = " FROM pubsub_items WHERE service = ? AND node = ?";
    /** Ids per {@code IN (...)} list, so a long id list never makes one huge statement. */
    private static final int CHUNK = 100;

    private PubSubItems() {
    }

    /**
     * XEP-0060 §7.1.2: an item with the same id is replaced, and the replacement is the newest item (delete, then
     * insert with a new {@code seq}); then everything older than the newest {@code maxItems} goes.
     */
    static StoredItem publish(Connection c, String service, String node, String itemId, String publisher,
            String payloadXml, int maxItems, Instant now) throws SQLException {
        StoredItem item = new StoredItem(itemId, publisher, now, payloadXml);
        retract(c, service, node, itemId);
        long seq = newestSeq(c, service, node) + 1;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pubsub_items"
                + " (service, node, item_id, seq, publisher, published, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, service);
            ps.setString(2, node);
            ps.setString(3, itemId);
            ps.setLong(4, seq);
            ps.setString(5, publisher);
            ps.setTimestamp(6, Timestamp.from(now), ArchivePages.utc());
            ps.setString(7, item.payloadXml());
            ps.executeUpdate();
        }
        if (maxItems > 0) {
            trim(c, service, node, maxItems);
        }
        return item;
    }

    /** The {@code seq} of the node's newest item; 0 when it has none. */
    private static long newestSeq(Connection c, String service, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq" + OF_NODE + " ORDER BY seq DESC FETCH FIRST 1 ROW ONLY")) {
            ps.setString(1, service);
            ps.setString(2, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Deletes the items older than the newest {@code keep}: below the {@code seq} of the keep-th newest. */
    private static void trim(Connection c, String service, String node, int keep) throws SQLException {
        Long oldestKept = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq" + OF_NODE + " ORDER BY seq DESC OFFSET ? ROWS FETCH NEXT 1 ROW ONLY")) {
            ps.setString(1, service);
            ps.setString(2, node);
            ps.setInt(3, keep - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    oldestKept = rs.getLong(1);
                }
            }
        }
        if (oldestKept != null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE" + OF_NODE + " AND seq < ?")) {
                ps.setString(1, service);
                ps.setString(2, node);
                ps.setLong(3, oldestKept);
                ps.executeUpdate();
            }
        }
    }

    /** The newest {@code max} items ({@code max <= 0}: all), oldest first (XEP-0060 §6.5.7). */
    static List<StoredItem> newest(Connection c, String service, String node, int max) throws SQLException {
        List<Row> rows = new ArrayList<>();
        String order = max > 0 ? " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY" : " ORDER BY seq ASC";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + OF_NODE + order)) {
            ps.setString(1, service);
            ps.setString(2, node);
            if (max > 0) {
                ps.setInt(3, max);
            }
            read(ps, rows);
        }
        if (max > 0) {
            Collections.reverse(rows);
        }
        return items(rows);
    }

    /** The items with these ids that exist, oldest first (XEP-0060 §6.5.8); unknown ids are left out. */
    static List<StoredItem> byIds(Connection c, String service, String node, Collection<String> itemIds)
            throws SQLException {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(itemIds));
        List<Row> rows = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + OF_NODE + " AND item_id IN (" + marks + ")")) {
                ps.setString(1, service);
                ps.setString(2, node);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(3 + i, chunk.get(i));
                }
                read(ps, rows);
            }
        }
        rows.sort(Comparator.comparingLong(Row::seq));
        return items(rows);
    }

    /** Deletes one item; the number of rows removed (0 or 1). */
    static int retract(Connection c, String service, String node, String itemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE" + OF_NODE + " AND item_id = ?")) {
            ps.setString(1, service);
            ps.setString(2, node);
            ps.setString(3, itemId);
            return ps.executeUpdate();
        }
    }

    /** Deletes every item of a node; the number removed. */
    static int purge(Connection c, String service, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE" + OF_NODE)) {
            ps.setString(1, service);
            ps.setString(2, node);
            return ps.executeUpdate();
        }
    }

    private static void read(PreparedStatement ps, List<Row> into) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(new Row(rs.getLong(1), new StoredItem(rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4, ArchivePages.utc()).toInstant(), rs.getString(5))));
            }
        }
    }

    private static List<StoredItem> items(List<Row> rows) {
        List<StoredItem> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.item());
        }
        return out;
    }

    /** An item with its publish position. */
    private record Row(long seq, StoredItem item) {
    }
}
