package parlance.storage.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import java.util.TimeZone;
import parlance.api.storage.ArchivePage;
import parlance.api.storage.ArchiveQuery;
import parlance.api.storage.ArchivedMessage;

/**
 * One page of an archive query, inside the caller's transaction.
 * <ul>
 * <li>Filters (XEP-0313 §4.1): {@code start} and {@code end} are inclusive bounds of the timestamp (§4.1.2);
 * {@code with} (§4.1.1) compares a bare address with the bare part of the stored partner, so it matches every
 * resource, and a full address with the whole stored partner, so it matches only itself.</li>
 * <li>Paging (XEP-0059 §2, XEP-0313 §4.3): {@code after} pages forward from a message, {@code before} backward;
 * an empty {@code before} asks for the last page (XEP-0059 §2.5). An id unknown in this archive is an
 * {@link IllegalArgumentException} (the service answers item-not-found, XEP-0059 §2.4). Pages are oldest first;
 * {@code complete} says the page reaches the end in the query's direction; {@code count} ignores paging, and
 * {@code max = 0} asks for the count alone (XEP-0059 §2.7); the count of an unfiltered query is the one the store
 * keeps per archive, that of a query filtered by a bare {@code with} alone the one it keeps per archive and partner
 * (migration 010); other filters are counted in the index of the filter.</li>
 * <li>Indexes (migrations 001, 009): {@code (archive, seq)} pages forward, {@code (archive, seq DESC)} backward
 * (Derby scans indexes forward only), {@code (archive, with_bare, seq [DESC])} with a bare {@code with},
 * {@code (archive, stored_at)} start/end windows.</li>
 * </ul>
 */
final class ArchivePages {
    private static final String COLUMNS = "message_id, stored_at, with_jid, stanza";

    private ArchivePages() {
    }

    static ArchivePage page(Connection c, String archive, ArchiveQuery q) throws SQLException {
        List<String> where = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        where.add("archive = ?");
        params.add((ps, i) -> ps.setString(i, archive));
        if (q.start() != null) {
            where.add("stored_at >= ?");
            params.add((ps, i) -> ps.setTimestamp(i, Timestamp.from(q.start()), utc()));
        }
        if (q.end() != null) {
            where.add("stored_at <= ?");
            params.add((ps, i) -> ps.setTimestamp(i, Timestamp.from(q.end()), utc()));
        }
        if (q.with() != null) {
            where.add(isFull(q.with()) ? "with_jid = ?" : "with_bare = ?");
            params.add((ps, i) -> ps.setString(i, q.with()));
        }
        String filter = String.join(" AND ", where);
        List<Param> pageParams = new ArrayList<>(params);
        StringBuilder paged = new StringBuilder(filter);
        if (q.after() != null) {
            long after = seqOf(c, archive, q.after());
            paged.append(" AND seq > ?");
            pageParams.add((ps, i) -> ps.setLong(i, after));
        }
        if (q.before() != null && !q.before().isEmpty()) {
            long before = seqOf(c, archive, q.before());
            paged.append(" AND seq < ?");
            pageParams.add((ps, i) -> ps.setLong(i, before));
        }
        boolean backward = q.before() != null;
        pageParams.add((ps, i) -> ps.setInt(i, q.max() + 1)); // one more than asked: does the page reach the end?
        List<ArchivedMessage> rows = new ArrayList<>();
        // A start/end window without 'with': left alone, Derby walks (archive, seq) to skip a sort and reads every
        // row before the window (500,000 for a window in the middle of a million); the time index reads the
        // window's rows only and sorts them. With 'with', the with index is the narrower one.
        boolean window = (q.start() != null || q.end() != null) && q.with() == null;
        String from = window ? "archive_messages --DERBY-PROPERTIES index=ARCHIVE_MESSAGES_TIME\n" : "archive_messages";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + from + " WHERE " + paged
                + " ORDER BY seq " + (backward ? "DESC" : "ASC") + " FETCH FIRST ? ROWS ONLY")) {
            bind(ps, pageParams);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ArchivedMessage(rs.getString(1), rs.getTimestamp(2, utc()).toInstant(),
                            rs.getString(3), rs.getString(4)));
                }
            }
        }
        boolean complete = rows.size() <= q.max();
        List<ArchivedMessage> page = new ArrayList<>(rows.subList(0, Math.min(rows.size(), q.max())));
        if (backward) {
            Collections.reverse(page);
        }
        boolean untimed = q.start() == null && q.end() == null;
        int count;
        if (untimed && q.with() == null) {
            count = stored(c, archive);
        } else if (untimed && !isFull(q.with())) {
            count = storedWith(c, archive, q.with());
        } else {
            count = count(c, filter, params);
        }
        return new ArchivePage(page, complete, count);
    }

    private static long seqOf(Connection c, String archive, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq FROM archive_messages WHERE message_id = ? AND archive = ?")) {
            ps.setString(1, id);
            ps.setString(2, archive);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no message with id '" + id + "' in archive " + archive);
                }
                return rs.getLong(1);
            }
        }
    }

    private static int count(Connection c, String filter, List<Param> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM archive_messages WHERE " + filter)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The number of messages of a whole archive as the store keeps it ({@code archive_counts}): one row, where
     * {@code COUNT(*)} reads every index entry of the archive (about 200 ms for a million messages).
     */
    private static int stored(Connection c, String archive) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT messages FROM archive_counts WHERE archive = ?")) {
            ps.setString(1, archive);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? (int) Math.min(Integer.MAX_VALUE, rs.getLong(1)) : 0;
            }
        }
    }

    /** The number of messages of an archive with one bare partner as the store keeps it ({@code archive_with_counts}). */
    private static int storedWith(Connection c, String archive, String withBare) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT messages FROM archive_with_counts WHERE archive = ? AND with_bare = ?")) {
            ps.setString(1, archive);
            ps.setString(2, withBare);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? (int) Math.min(Integer.MAX_VALUE, rs.getLong(1)) : 0;
            }
        }
    }

    /**
     * Adds one message with {@code with} (any address, or {@code null}) to the stored counts of an archive: the
     * whole archive's and, with a partner, the partner's. On the archive's stripe only.
     */
    static void counted(Connection c, String archive, String with) throws SQLException {
        increment(c, "UPDATE archive_counts SET messages = messages + 1 WHERE archive = ?",
                "INSERT INTO archive_counts (archive, messages) VALUES (?, 1)", archive);
        if (with != null) {
            increment(c, "UPDATE archive_with_counts SET messages = messages + 1 WHERE archive = ? AND with_bare = ?",
                    "INSERT INTO archive_with_counts (archive, with_bare, messages) VALUES (?, ?, 1)",
                    archive, bare(with));
        }
    }

    /** Runs {@code update} on a counter row, or {@code insert} when there is none yet; both bind {@code keys}. */
    private static void increment(Connection c, String update, String insert, String... keys) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(update)) {
            for (int i = 0; i < keys.length; i++) {
                up.setString(i + 1, keys[i]);
            }
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement(insert)) {
            for (int i = 0; i < keys.length; i++) {
                in.setString(i + 1, keys[i]);
            }
            in.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, List<Param> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).bind(ps, i + 1);
        }
    }

    /** Binds one parameter of a statement built from filter fragments. */
    @FunctionalInterface
    private interface Param {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    /** An address is full when it has a resource: everything after the first '/' (RFC 7622 §3.1). */
    static boolean isFull(String jid) {
        return jid.indexOf('/') >= 0;
    }

    static String bare(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    /**
     * Derby's TIMESTAMP has no zone; reading and writing it through a UTC calendar stores UTC wall-clock time, so
     * stored instants do not depend on the JVM's zone and survive daylight-saving changes.
     */
    static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
