package parlance.admin.internal;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import parlance.admin.internal.Operations.OperationException;

/**
 * The JSON API under {@code /admin/api}, described by {@code /admin/api/openapi.json} (OpenAPI 3.0). Same session
 * cookie as the console; changes need the {@code X-CSRF-Token} header (the caller checked it). Bodies are flat JSON
 * objects or form fields; plugin jars are the raw body or a multipart part {@code file}.
 */
final class ApiRoutes {
    private final Operations ops;
    private final LoginRoutes login;
    private final ConfigCatalog config;

    ApiRoutes(Operations ops, LoginRoutes login, ConfigCatalog config) {
        this.ops = ops;
        this.config = config;
        this.login = login;
    }

    /** Answers the request, or returns false for an unknown route. */
    boolean handle(Web w) throws IOException, ServletException {
        String m = "HEAD".equals(w.method()) ? "GET" : w.method();
        String[] seg = w.path.substring("/api".length()).split("/");
        // seg[0] is "" (leading slash)
        String head = seg.length > 1 ? seg[1] : "";
        try {
            switch (m + " " + head) {
                case "GET openapi.json":
                    w.bytes(200, "application/json", Templates.resource("openapi.json"));
                    return true;
                case "GET session":
                    w.json(200, Map.of("user", w.session.username(), "csrfToken", w.session.csrfToken()));
                    return true;
                case "POST logout":
                    login.logout(w);
                    return true;
                case "GET dashboard":
                    w.json(200, ops.dashboard());
                    return true;
                case "GET log":
                    w.json(200, Map.of("lines", ops.logTail(w.intParam("lines", 200))));
                    return true;
                default:
                    break;
            }
            switch (head) {
                case "users": return users(w, m, seg);
                case "sessions": return sessions(w, m, seg);
                case "plugins": return plugins(w, m, seg);
                case "certificates": return certificates(w, m, seg);
                case "config": return config(w, m, seg);
                default: return false;
            }
        } catch (OperationException e) {
            w.error(e.status(), e.getMessage());
            return true;
        } catch (BundleException e) {
            w.error(409, e.getMessage());
            return true;
        }
    }

    private boolean users(Web w, String m, String[] seg) throws IOException, OperationException {
        if (seg.length == 2 && m.equals("GET")) {
            int offset = Math.max(0, w.intParam("offset", 0));
            List<String> users = ops.users(w.param("q"), offset);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("users", users.size() > Operations.PAGE_SIZE ? users.subList(0, Operations.PAGE_SIZE) : users);
            out.put("more", users.size() > Operations.PAGE_SIZE);
            w.json(200, out);
            return true;
        }
        if (seg.length == 2 && m.equals("POST")) {
            Map<String, Object> body = body(w);
            String name = text(body, "username");
            ops.createUser(name, text(body, "password"));
            w.json(201, Map.of("username", name.trim()));
            return true;
        }
        if (seg.length == 3 && m.equals("DELETE")) {
            ops.deleteUser(seg[2]);
            w.json(200, Map.of("deleted", seg[2]));
            return true;
        }
        if (seg.length == 4 && seg[3].equals("password") && (m.equals("PUT") || m.equals("POST"))) {
            ops.changePassword(seg[2], text(body(w), "password"));
            w.json(200, Map.of("username", seg[2]));
            return true;
        }
        return false;
    }

    /** GET: the certificates of etc/tls; POST: a new one (multipart file/key/password, or a raw PEM body). */
    private boolean certificates(Web w, String m, String[] seg)
            throws IOException, ServletException, OperationException {
        if (seg.length != 2) {
            return false;
        }
        if (m.equals("GET")) {
            w.json(200, Map.of("certificates", ops.certificates().list()));
            return true;
        }
        if (m.equals("POST")) {
            Map<String, Object> installed;
            if (w.isMultipart()) {
                installed = HtmlRoutes.uploadCertificate(ops, w);
            } else {
                byte[] pem = w.body(HtmlRoutes.MAX_CERT_BYTES).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                installed = ops.certificates().install(CertificateFiles.parse(pem, null, null));
            }
            w.json(201, installed);
            return true;
        }
        return false;
    }

    /**
     * GET {@code /config}: every {@code parlance.*} PID; GET {@code /config/<pid>}: one; PUT or POST
     * {@code /config/<pid>} with {@code {"key": "value" | null}}: validated, written to {@code <pid>.cfg}.
     */
    private boolean config(Web w, String m, String[] seg) throws IOException, OperationException {
        if (seg.length == 2 && m.equals("GET")) {
            w.json(200, Map.of("configurations", config.list()));
            return true;
        }
        if (seg.length != 3) {
            return false;
        }
        if (m.equals("GET")) {
            Map<String, Object> one = config.get(seg[2]);
            if (one == null) {
                throw new OperationException(404, "no configuration " + seg[2]);
            }
            w.json(200, one);
            return true;
        }
        if (m.equals("PUT") || m.equals("POST")) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : body(w).entrySet()) {
                if (!Web.CSRF_FIELD.equals(e.getKey())) {
                    Object v = e.getValue();
                    // JSON numbers arrive as Double: 5 must stay "5" for an Integer setting
                    if (v instanceof Double d && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) < 1e15) {
                        v = d.longValue();
                    }
                    values.put(e.getKey(), v == null ? null : String.valueOf(v));
                }
            }
            w.json(200, config.save(seg[2], values));
            return true;
        }
        return false;
    }

    private boolean sessions(Web w, String m, String[] seg) throws IOException, OperationException {
        if (seg.length != 2) {
            return false;
        }
        if (m.equals("GET")) {
            w.json(200, Map.of("count", ops.sessions().size(), "sessions", ops.sessions()));
            return true;
        }
        if (m.equals("DELETE")) {
            ops.kick(w.param("jid"));
            w.json(200, Map.of("disconnected", w.param("jid")));
            return true;
        }
        return false;
    }

    private boolean plugins(Web w, String m, String[] seg)
            throws IOException, ServletException, OperationException, BundleException {
        PluginManager plugins = ops.plugins();
        if (seg.length == 2 && m.equals("GET")) {
            w.json(200, Map.of("plugins", plugins.list()));
            return true;
        }
        if (seg.length == 2 && m.equals("POST")) {
            try (InputStream in = w.upload()) {
                w.json(201, describe(plugins.install(in)));
            }
            return true;
        }
        if (seg.length < 3) {
            return false;
        }
        long id;
        try {
            id = Long.parseLong(seg[2]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (seg.length == 3 && m.equals("PUT")) {
            try (InputStream in = w.upload()) {
                w.json(200, describe(plugins.update(id, in)));
            }
            return true;
        }
        if (seg.length == 3 && m.equals("DELETE")) {
            PluginActions.run(plugins, id, "uninstall");
            w.json(200, Map.of("uninstalled", id));
            return true;
        }
        if (seg.length == 4 && m.equals("POST")) {
            PluginActions.run(plugins, id, seg[3]);
            Object state = plugins.list().stream().filter(e -> Long.valueOf(id).equals(e.get("id"))).findFirst()
                    .map(e -> (Object) e).orElse(Map.of("id", id, "state", "UNINSTALLED"));
            w.json(200, state);
            return true;
        }
        return false;
    }

    private static Map<String, Object> describe(Bundle b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.getBundleId());
        m.put("symbolicName", b.getSymbolicName());
        m.put("version", b.getVersion().toString());
        m.put("state", PluginManager.state(b));
        return m;
    }

    private static Map<String, Object> body(Web w) throws IOException, OperationException {
        String ct = w.req.getContentType();
        if (ct != null && ct.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            try {
                return Json.parseObject(w.body(65536));
            } catch (IllegalArgumentException e) {
                throw new OperationException(400, "bad JSON: " + e.getMessage());
            }
        }
        Map<String, Object> form = new LinkedHashMap<>();
        w.req.getParameterMap().forEach((k, v) -> form.put(k, v.length == 0 ? null : v[0]));
        return form;
    }

    private static String text(Map<String, Object> body, String key) throws OperationException {
        Object v = body.get(key);
        if (!(v instanceof String) || ((String) v).isBlank()) {
            throw new OperationException(400, key + " is required");
        }
        return (String) v;
    }
}
