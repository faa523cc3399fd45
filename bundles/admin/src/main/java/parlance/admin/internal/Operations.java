package parlance.admin.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import parlance.api.address.JidFormatException;
import parlance.api.auth.AccountManager;
import parlance.api.server.ListenerInfo;
import parlance.api.server.ServerInfo;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.StreamError;

/**
 * What the console pages and the JSON API both do, as plain data (maps and lists): the dashboard, accounts
 * (through {@link AccountManager}), sessions (through {@link SessionManager}), the log tail. Plugins are in
 * {@link PluginManager}.
 */
final class Operations {
    static final int PAGE_SIZE = 50;
    static final int MAX_LOG_LINES = 2000;
    private static final long TIMEOUT_SECONDS = 10;

    private final ServerInfo server;
    private final AccountManager accounts;
    private final SessionManager sessions;
    private final Supplier<List<ListenerInfo>> listeners;
    private final PluginManager plugins;

    private final DoubleSupplier stanzaRate;

    Operations(ServerInfo server, AccountManager accounts, SessionManager sessions,
            Supplier<List<ListenerInfo>> listeners, PluginManager plugins, DoubleSupplier stanzaRate) {
        this.stanzaRate = stanzaRate;
        this.server = server;
        this.accounts = accounts;
        this.sessions = sessions;
        this.listeners = listeners;
        this.plugins = plugins;
    }

    ServerInfo server() {
        return server;
    }

    PluginManager plugins() {
        return plugins;
    }

    /** The certificates of {@code <home>/etc/tls}. */
    CertificateFiles certificates() {
        return new CertificateFiles(server.home().resolve("etc").resolve("tls"), server.domain());
    }

    /** Uptime, sessions, stanzas/s over the last minute, listeners, memory, bundles. */
    Map<String, Object> dashboard() {
        Map<String, Object> m = new LinkedHashMap<>();
        Instant started = server.startedAt();
        long uptime = Math.max(0, Duration.between(started, Instant.now()).getSeconds());
        m.put("domain", server.domain());
        m.put("startedAt", started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        m.put("uptimeSeconds", uptime);
        m.put("uptime", human(uptime));
        m.put("sessions", sessions.count());
        m.put("stanzasPerSecond", Math.round(stanzaRate.getAsDouble() * 10) / 10.0);
        List<Map<String, Object>> ls = new ArrayList<>();
        for (ListenerInfo l : listeners.get()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", l.name());
            e.put("host", l.host());
            e.put("port", l.port());
            ls.add(e);
        }
        ls.sort(Comparator.comparing(e -> String.valueOf(e.get("name"))));
        m.put("listeners", ls);
        Runtime rt = Runtime.getRuntime();
        long mb = 1024 * 1024;
        m.put("memoryUsedMb", (rt.totalMemory() - rt.freeMemory()) / mb);
        m.put("memoryTotalMb", rt.totalMemory() / mb);
        m.put("memoryMaxMb", rt.maxMemory() / mb);
        List<Map<String, Object>> bundles = plugins.list();
        m.put("bundles", bundles.size());
        m.put("bundlesActive", bundles.stream().filter(b -> "ACTIVE".equals(b.get("state"))).count());
        m.put("java", System.getProperty("java.version"));
        m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        return m;
    }

    static String human(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long min = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder sb = new StringBuilder();
        if (d > 0) {
            sb.append(d).append(" d ");
        }
        if (d > 0 || h > 0) {
            sb.append(h).append(" h ");
        }
        if (d > 0 || h > 0 || min > 0) {
            sb.append(min).append(" min ");
        }
        return sb.append(s).append(" s").toString();
    }

    List<String> users(String query, int offset) throws OperationException {
        return await(accounts.list(query == null ? "" : query.trim(), Math.max(0, offset), PAGE_SIZE + 1));
    }

    void createUser(String username, String password) throws OperationException {
        requireText(username, "username");
        requireText(password, "password");
        if (!await(accounts.create(username.trim(), password))) {
            throw new OperationException(409, "the account " + username.trim() + " exists already");
        }
    }

    void deleteUser(String username) throws OperationException {
        requireText(username, "username");
        if (!await(accounts.delete(username.trim()))) {
            throw new OperationException(404, "no account " + username.trim());
        }
    }

    void changePassword(String username, String password) throws OperationException {
        requireText(username, "username");
        requireText(password, "password");
        if (!await(accounts.changePassword(username.trim(), password))) {
            throw new OperationException(404, "no account " + username.trim());
        }
    }

    List<Map<String, Object>> sessions() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ClientSession s : sessions.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jid", s.jid().toString());
            m.put("remoteAddress", s.remoteAddress());
            m.put("secure", s.isSecure());
            m.put("available", s.presence() != null && !"unavailable".equals(s.presence().type()));
            m.put("priority", s.priority());
            out.add(m);
        }
        out.sort(Comparator.comparing(m -> String.valueOf(m.get("jid"))));
        return out;
    }

    /**
     * Ends a session with the {@code policy-violation} stream error (RFC 6120 §4.9.3.14) and a text saying an
     * administrator did it.
     */
    void kick(String jid) throws OperationException {
        requireText(jid, "jid");
        for (ClientSession s : sessions.all()) {
            if (s.jid().toString().equals(jid.trim())) {
                s.close(StreamError.POLICY_VIOLATION, "Disconnected by an administrator");
                return;
            }
        }
        throw new OperationException(404, "no session " + jid.trim());
    }

    List<String> logTail(int lines) throws OperationException {
        try {
            return LogTail.tail(server.home().resolve("logs").resolve("parlance.log"),
                    Math.max(1, Math.min(MAX_LOG_LINES, lines)));
        } catch (IOException e) {
            throw new OperationException(500, "cannot read the log: " + e.getMessage());
        }
    }

    private static void requireText(String value, String name) throws OperationException {
        if (value == null || value.isBlank()) {
            throw new OperationException(400, name + " is required");
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws OperationException {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationException(503, "interrupted");
        } catch (TimeoutException e) {
            throw new OperationException(504, "storage did not answer in time");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            boolean invalid = cause instanceof IllegalArgumentException || cause instanceof JidFormatException;
            throw new OperationException(invalid ? 400 : 500, msg);
        }
    }

    /** A failed operation with the HTTP status that fits it. */
    static final class OperationException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        OperationException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
