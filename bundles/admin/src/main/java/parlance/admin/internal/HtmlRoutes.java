package parlance.admin.internal;

import parlance.tls.ServerIdentity;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.framework.BundleException;
import parlance.admin.internal.Operations.OperationException;
import parlance.admin.spi.ConsolePage;

/**
 * The console's HTML pages (GET) and their forms (POST, then 303 back to the page with a one-time message). The
 * caller has checked the session and, for POST, the CSRF token.
 */
final class HtmlRoutes {
    private static final String[][] NAV = {
        {"/", "Dashboard"}, {"/users", "Users"}, {"/sessions", "Sessions"}, {"/plugins", "Plugins"},
        {"/certificates", "Certificates"}, {"/config", "Configuration"}, {"/log", "Log"}};
    /** Largest certificate upload (PEM chain + key or PKCS#12). */
    static final int MAX_CERT_BYTES = 256 * 1024;

    private final Operations ops;
    private final Templates templates;
    private final Supplier<List<ConsolePage>> pages;
    private final LoginRoutes login;
    private final ConfigCatalog config;

    HtmlRoutes(Operations ops, Templates templates, Supplier<List<ConsolePage>> pages, LoginRoutes login,
            ConfigCatalog config) {
        this.ops = ops;
        this.config = config;
        this.templates = templates;
        this.pages = pages;
        this.login = login;
    }

    /** Answers the request, or returns false for an unknown route. */
    boolean handle(Web w) throws IOException, ServletException {
        boolean post = "POST".equals(w.method());
        String p = w.path;
        if (!post && !"GET".equals(w.method()) && !"HEAD".equals(w.method())) {
            return false;
        }
        if (!post) {
            switch (p) {
                case "/": return show(w, "dashboard", "Dashboard", "/", ops.dashboard());
                case "/users": return users(w);
                case "/sessions": return show(w, "sessions", "Sessions", p, Map.of("sessions", ops.sessions()));
                case "/plugins": return show(w, "plugins", "Plugins", p, Map.of("bundles", pluginRows()));
                case "/log": return log(w);
                case "/certificates": return certificates(w);
                case "/config": return show(w, "config", "Configuration", p, ConfigPage.model(config));
                default:
                    return p.startsWith("/pages/") && contributed(w, p.substring("/pages/".length()));
            }
        }
        if ("/logout".equals(p)) {
            login.logout(w);
            return true;
        }
        String back = p.startsWith("/users/") ? "/users" : p.startsWith("/sessions/") ? "/sessions"
                : p.startsWith("/plugins/") ? "/plugins" : p.startsWith("/certificates/") ? "/certificates"
                : p.startsWith("/config/") ? "/config" : null;
        if (back == null) {
            return false;
        }
        try {
            String done = post(w, p);
            if (done == null) {
                return false;
            }
            w.session.flash(done, false);
        } catch (OperationException e) {
            w.session.flash(e.getMessage(), true);
        } catch (BundleException | IOException e) {
            w.session.flash(e.getMessage() == null ? e.toString() : e.getMessage(), true);
        }
        w.redirect(back);
        return true;
    }

    /** Runs one form action; the message to show, or {@code null} for an unknown action. */
    private String post(Web w, String p) throws OperationException, BundleException, IOException, ServletException {
        switch (p) {
            case "/users/create":
                ops.createUser(w.param("username"), w.param("password"));
                return "Created " + w.param("username").trim() + ".";
            case "/users/delete":
                ops.deleteUser(w.param("username"));
                return "Deleted " + w.param("username").trim() + ".";
            case "/users/password":
                ops.changePassword(w.param("username"), w.param("password"));
                return "Changed the password of " + w.param("username").trim() + ".";
            case "/sessions/kick":
                ops.kick(w.param("jid"));
                return "Disconnected " + w.param("jid").trim() + ".";
            case "/plugins/install":
                try (InputStream in = w.upload()) {
                    var b = ops.plugins().install(in);
                    return "Installed " + b.getSymbolicName() + " " + b.getVersion() + ": "
                            + PluginManager.state(b) + ".";
                }
            case "/plugins/update":
                try (InputStream in = w.upload()) {
                    var b = ops.plugins().update(id(w), in);
                    return "Updated " + b.getSymbolicName() + " to " + b.getVersion() + ".";
                }
            case "/plugins/action":
                return PluginActions.run(ops.plugins(), id(w), w.param("action"));
            case "/config/save":
                return ConfigPage.save(config, w);
            case "/certificates/upload":
                return "Installed the certificate " + uploadCertificate(ops, w).get("subject")
                        + "; new TLS connections use it within a few seconds.";
            default:
                return null;
        }
    }

    private static long id(Web w) throws OperationException {
        try {
            return Long.parseLong(String.valueOf(w.param("id")).trim());
        } catch (NumberFormatException e) {
            throw new OperationException(400, "bad bundle id");
        }
    }

    /** The bundles, each with a summary of its registered services ("2 services") when it has any. */
    private List<Map<String, Object>> pluginRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> b : ops.plugins().list()) {
            Map<String, Object> row = new HashMap<>(b);
            int n = ((List<?>) b.get("services")).size();
            if (n > 0) {
                row.put("servicesSummary", n == 1 ? "1 service" : n + " services");
            }
            rows.add(row);
        }
        return rows;
    }

    private boolean users(Web w) throws IOException {
        String q = w.param("q") == null ? "" : w.param("q");
        int offset = Math.max(0, w.intParam("offset", 0));
        Map<String, Object> m = new HashMap<>();
        m.put("q", q);
        m.put("qUrl", java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
        try {
            List<String> users = ops.users(q, offset);
            boolean more = users.size() > Operations.PAGE_SIZE;
            m.put("users", more ? users.subList(0, Operations.PAGE_SIZE) : users);
            m.put("empty", users.isEmpty());
            if (more) {
                m.put("next", offset + Operations.PAGE_SIZE);
            }
            if (offset > 0) {
                m.put("prev", Map.of("offset", Math.max(0, offset - Operations.PAGE_SIZE)));
            }
        } catch (OperationException e) {
            m.put("users", List.of());
            m.put("loadError", e.getMessage());
        }
        return show(w, "users", "Users", "/users", m);
    }

    /** Parses, validates and installs an uploaded certificate (fields {@code file}, {@code key}, {@code password}). */
    static Map<String, Object> uploadCertificate(Operations ops, Web w)
            throws IOException, ServletException, OperationException {
        byte[] file = w.field("file", MAX_CERT_BYTES);
        byte[] key = w.field("key", MAX_CERT_BYTES);
        byte[] password = w.field("password", 1024);
        ServerIdentity id = CertificateFiles.parse(file,
                key == null ? null : new String(key, java.nio.charset.StandardCharsets.US_ASCII),
                password == null ? null : new String(password, java.nio.charset.StandardCharsets.UTF_8));
        return ops.certificates().install(id);
    }

    private boolean certificates(Web w) throws IOException {
        Map<String, Object> m = new HashMap<>();
        m.put("certificates", ops.certificates().list());
        m.put("tlsDir", ops.server().home().resolve("etc").resolve("tls").toString());
        return show(w, "certificates", "Certificates", "/certificates", m);
    }

    private boolean log(Web w) throws IOException {
        int lines = Math.max(1, Math.min(Operations.MAX_LOG_LINES, w.intParam("lines", 200)));
        Map<String, Object> m = new HashMap<>();
        m.put("lines", lines);
        try {
            m.put("text", String.join("\n", ops.logTail(lines)));
        } catch (OperationException e) {
            m.put("loadError", e.getMessage());
        }
        return show(w, "log", "Log", "/log", m);
    }

    private boolean contributed(Web w, String label) throws IOException {
        for (ConsolePage page : pages.get()) {
            if (page.label().equals(label)) {
                Map<String, Object> m = new HashMap<>();
                m.put("content", page.render(w.req.getParameterMap().entrySet().stream().collect(
                        java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())))));
                return show(w, "contributed", page.title(), "/pages/" + label, m);
            }
        }
        return false;
    }

    private boolean show(Web w, String template, String title, String current, Map<String, Object> data)
            throws IOException {
        Map<String, Object> m = new HashMap<>(data);
        m.put("title", title);
        m.put("user", w.session.username());
        m.put("domain", ops.server().domain());
        m.put("csrf", w.session.csrfToken());
        m.put("nav", nav(current));
        String[] flash = w.session.takeFlash();
        if (flash != null) {
            m.put("flash", Map.of("text", flash[0], "error", "error".equals(flash[1])));
        }
        w.html(200, templates.render(template, m));
        return true;
    }

    private List<Map<String, Object>> nav(String current) {
        List<Map<String, Object>> nav = new ArrayList<>();
        for (String[] n : NAV) {
            nav.add(item("/admin" + (n[0].equals("/") ? "/" : n[0]), n[1], n[0].equals(current)));
        }
        for (ConsolePage page : pages.get()) {
            String path = "/pages/" + page.label();
            nav.add(item("/admin" + path, page.title(), path.equals(current)));
        }
        return nav;
    }

    private static Map<String, Object> item(String href, String label, boolean current) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("href", href);
        m.put("label", label);
        m.put("current", current);
        return m;
    }
}
