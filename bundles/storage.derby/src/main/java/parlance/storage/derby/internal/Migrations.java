package parlance.storage.derby.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations. Migration {@code n} is the class-path resource
 * {@code parlance/storage/derby/migrations/NNN.sql} (001, 002, ... without gaps; the first line is a
 * {@code -- description} comment; statements end with {@code ;}). Each pending migration runs in its own
 * transaction together with its row in {@code schema_version}, so a crash leaves either all of it or none.
 * Resources are probed by number, which works inside a bundle where a folder cannot be listed.
 */
final class Migrations {
    static final String RESOURCE_DIR = "/parlance/storage/derby/migrations/";

    private Migrations() {
    }

    /** Applies every migration newer than the recorded version; returns how many were applied. */
    static int migrate(Connection c) throws SQLException {
        ensureVersionTable(c);
        int current = currentVersion(c);
        int applied = 0;
        for (int n = current + 1;; n++) {
            String script = load(n);
            if (script == null) {
                return applied;
            }
            try (Statement st = c.createStatement()) {
                for (String sql : statements(script)) {
                    st.execute(sql);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, n);
                    ps.setString(2, description(script));
                    ps.setTimestamp(3, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
                c.commit();
                applied++;
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("schema migration " + n + " failed: " + e.getMessage(), e.getSQLState(), e);
            }
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM schema_version");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0; // MAX of no rows is NULL -> 0
        }
    }

    private static void ensureVersionTable(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, "SCHEMA_VERSION", new String[] {"TABLE"})) {
            if (rs.next()) {
                return;
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INT NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)");
        }
        c.commit();
    }

    private static String load(int n) {
        String name = RESOURCE_DIR + String.format("%03d.sql", n);
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    static List<String> statements(String script) {
        StringBuilder sb = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (!t.startsWith("--")) {
                sb.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : sb.toString().split(";")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static String description(String script) {
        String first = script.lines().findFirst().orElse("").strip();
        String d = first.startsWith("--") ? first.substring(2).strip() : "";
        return d.length() > 200 ? d.substring(0, 200) : d;
    }
}
