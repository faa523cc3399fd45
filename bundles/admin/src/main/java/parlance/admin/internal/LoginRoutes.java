package parlance.admin.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.auth.SaslMechanism;
import parlance.api.server.ServerInfo;

/**
 * Signing in and out: {@code /admin/login} (form) and {@code /admin/api/login} (JSON), throttled per client address;
 * a new session id on every login (no session fixation), the old one dropped.
 *
 * <p>Login CSRF: the form carries a one-time token bound to the pre-session cookie of {@link LoginTokens}; a form
 * POST without both is refused (403). The JSON login needs no such token: it only accepts a
 * {@code Content-Type: application/json} body, which a cross-site HTML form cannot send and which a cross-site
 * script can only send after a CORS preflight that this server never grants; and the session cookie it sets is
 * SameSite=Strict, so a browser never sends it along with a request started by another site.
 */
final class LoginRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);
    static final String FAILED = "Wrong username or password, or the account is not an administrator.";
    static final String EXPIRED = "The sign-in form has expired or did not come from this console. Please sign in again.";

    private final AdminSessions sessions;
    private final LoginThrottle throttle;
    private final Supplier<SaslMechanism> plain;
    private final ServerInfo server;
    private final Templates templates;
    private final LoginTokens tokens;

    LoginRoutes(AdminSessions sessions, LoginThrottle throttle, Supplier<SaslMechanism> plain, ServerInfo server,
            Templates templates, LoginTokens tokens) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.throttle = throttle;
        this.plain = plain;
        this.server = server;
        this.templates = templates;
    }

    /** {@code GET|POST /admin/login}. */
    void page(Web w) throws IOException {
        if (!"POST".equals(w.method())) {
            if (sessions.get(w.cookie()) != null) {
                w.redirect("/");
                return;
            }
            w.html(200, form(w, null, ""));
            return;
        }
        String username = w.param("username");
        if (!tokens.check(w.cookie(LoginTokens.COOKIE), w.param(Web.CSRF_FIELD))) {
            LOG.warn("Console login form without a valid login token from {}", w.req.getRemoteAddr());
            w.html(HttpServletResponse.SC_FORBIDDEN, form(w, EXPIRED, username == null ? "" : username));
            return;
        }
        Outcome o = attempt(w, username, w.param("password"));
        if (o.session != null) {
            w.clearLoginCookie();
            w.redirect("/");
        } else {
            w.html(o.status, form(w, o.message, username == null ? "" : username));
        }
    }

    /**
     * {@code POST /admin/api/login} with a JSON body {@code {"username","password"}} (415 for any other content type,
     * see the class comment); answers the session's CSRF token.
     */
    void api(Web w) throws IOException {
        String type = w.req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            w.error(415, "send the credentials as JSON: Content-Type: application/json");
            return;
        }
        Map<String, Object> body;
        try {
            body = Json.parseObject(w.body(8192));
        } catch (IllegalArgumentException e) {
            w.error(400, "bad JSON: " + e.getMessage());
            return;
        }
        String username = body.get("username") instanceof String ? (String) body.get("username") : null;
        String password = body.get("password") instanceof String ? (String) body.get("password") : null;
        Outcome o = attempt(w, username, password);
        if (o.session == null) {
            w.error(o.status, o.message);
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", o.session.username());
        m.put("csrfToken", o.session.csrfToken());
        w.json(200, m);
    }

    private Outcome attempt(Web w, String username, String password) {
        String ip = w.req.getRemoteAddr();
        long retry = throttle.retryAfterMillis(ip);
        if (retry > 0) {
            long seconds = (retry + 999) / 1000;
            w.resp.setHeader("Retry-After", String.valueOf(seconds));
            return new Outcome(429, "Too many failed logins. Try again in " + seconds + " s.", null);
        }
        String user = Credentials.verifyAdmin(plain.get(), server, username, password, ip);
        if (user == null) {
            throttle.recordFailure(ip);
            LOG.warn("Failed console login from {}", ip);
            w.resp.setHeader("WWW-Authenticate", "Form realm=\"Parlance admin\"");
            return new Outcome(HttpServletResponse.SC_UNAUTHORIZED, FAILED, null);
        }
        sessions.invalidate(w.cookie());
        AdminSession s = sessions.create(user);
        w.setSessionCookie(s.id());
        LOG.info("Console login of {} from {}", user, ip);
        return new Outcome(200, null, s);
    }

    /** {@code POST /admin/logout} (or the API's {@code POST /admin/api/logout}), CSRF-checked by the caller. */
    void logout(Web w) throws IOException {
        sessions.invalidate(w.session.id());
        w.clearSessionCookie();
        if (w.isApi()) {
            w.json(200, Map.of("loggedOut", true));
        } else {
            w.redirect("/login");
        }
    }

    /** The login page with a fresh login token (and its pre-session cookie). */
    private String form(Web w, String error, String username) {
        String[] pre = tokens.issue();
        w.setLoginCookie(pre[0], tokens.ttlSeconds());
        Map<String, Object> m = new HashMap<>();
        m.put("csrf", pre[1]);
        m.put("title", "Sign in");
        m.put("domain", server.domain());
        m.put("username", username);
        if (error != null) {
            m.put("error", error);
        }
        return templates.render("login", m);
    }

    private static final class Outcome {
        final int status;
        final String message;
        final AdminSession session;

        Outcome(int status, String message, AdminSession session) {
            this.status = status;
            this.message = message;
            this.session = session;
        }
    }
}
