package parlance.admin.internal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One request and its response, with the console's small helpers: parameters, cookies, bodies and answers. */
final class Web {
    static final String COOKIE = "parlance_admin";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "csrf";

    final HttpServletRequest req;
    final HttpServletResponse resp;
    /** The path below {@code /admin}, e.g. {@code /users} or {@code /api/users/juliet}; never {@code null}. */
    final String path;
    AdminSession session;
    /** Renders HTML error pages; {@code null}: errors are always JSON. */
    private final Templates templates;

    Web(HttpServletRequest req, HttpServletResponse resp) {
        this(req, resp, null);
    }

    Web(HttpServletRequest req, HttpServletResponse resp, Templates templates) {
        this.req = req;
        this.resp = resp;
        this.templates = templates;
        String p = req.getPathInfo();
        this.path = p == null || p.isEmpty() ? "/" : p;
    }

    String method() {
        return req.getMethod();
    }

    boolean isApi() {
        return path.startsWith("/api/") || path.equals("/api");
    }

    String param(String name) {
        return req.getParameter(name);
    }

    int intParam(String name, int fallback) {
        try {
            String v = param(name);
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    String cookie() {
        return cookie(COOKIE);
    }

    String cookie(String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /**
     * The session cookie: HttpOnly, SameSite=Strict, Path=/admin, Secure over HTTPS; no Max-Age, so the browser drops
     * it when closed (the server drops the session when idle).
     */
    void setSessionCookie(String id) {
        resp.addHeader("Set-Cookie", COOKIE + "=" + id + "; Path=/admin; HttpOnly; SameSite=Strict"
                + (req.isSecure() ? "; Secure" : ""));
    }

    void clearSessionCookie() {
        resp.addHeader("Set-Cookie", COOKIE + "=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict"
                + (req.isSecure() ? "; Secure" : ""));
    }

    /** The login form's pre-session cookie (see {@link LoginTokens}): short-lived, HttpOnly, SameSite=Strict. */
    void setLoginCookie(String id, long maxAgeSeconds) {
        resp.addHeader("Set-Cookie", LoginTokens.COOKIE + "=" + id + "; Path=/admin; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
    }

    void clearLoginCookie() {
        resp.addHeader("Set-Cookie", LoginTokens.COOKIE + "=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict"
                + (req.isSecure() ? "; Secure" : ""));
    }

    /** The CSRF token of a state-changing request: the header, else the form field. */
    String csrfToken() throws IOException, ServletException {
        String h = req.getHeader(CSRF_HEADER);
        if (h != null) {
            return h;
        }
        String f = param(CSRF_FIELD);
        if (f == null && isMultipart()) {
            Part p = req.getPart(CSRF_FIELD);
            if (p != null) {
                try (InputStream in = p.getInputStream()) {
                    f = new String(in.readNBytes(256), StandardCharsets.UTF_8);
                }
            }
        }
        return f;
    }

    boolean isMultipart() {
        String ct = req.getContentType();
        return ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The uploaded jar: the multipart part {@code file}, or the raw request body. */
    InputStream upload() throws IOException, ServletException {
        if (isMultipart()) {
            Part p = req.getPart("file");
            if (p == null || p.getSize() == 0) {
                throw new IOException("choose a jar file to upload");
            }
            return p.getInputStream();
        }
        return req.getInputStream();
    }

    /**
     * A text field or small file of a form, multipart or not: the part {@code name} (at most {@code max} bytes), else
     * the parameter; {@code null} when absent.
     */
    byte[] field(String name, int max) throws IOException, ServletException {
        if (isMultipart()) {
            Part p = req.getPart(name);
            if (p != null) {
                try (InputStream in = p.getInputStream()) {
                    byte[] b = in.readNBytes(max + 1);
                    if (b.length > max) {
                        throw new IOException(name + " too large");
                    }
                    return b;
                }
            }
            return null;
        }
        String v = param(name);
        return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
    }

    String body(int max) throws IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new IOException("request body too large");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    void html(int status, String html) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html;charset=utf-8");
        byte[] b = html.getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }

    void json(int status, Object value) throws IOException {
        bytes(status, "application/json", Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    /** An error answer: JSON {@code {"error": ...}} for the API, an HTML page for the console's pages and forms. */
    void error(int status, String message) throws IOException {
        drainSmallBody();
        String text = message == null ? "error" : message;
        if (templates == null || isApi()) {
            json(status, Map.of("error", text));
            return;
        }
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("title", status + " " + reason(status));
        m.put("status", status);
        m.put("message", text);
        m.put("signedIn", session != null);
        html(status, templates.render("error", m));
    }

    /**
     * A refused request's body is read and dropped when it is small, so that Jetty can keep the connection for the
     * client's next request instead of closing it under a request that may already be on its way.
     */
    private void drainSmallBody() {
        long length = req.getContentLengthLong();
        if (length <= 0 || length > 64 * 1024) {
            return;
        }
        try {
            req.getInputStream().readNBytes((int) length);
        } catch (IOException | RuntimeException alreadyReadOrGone) {
            // nothing to drain
        }
    }

    private static String reason(int status) {
        switch (status) {
            case 400: return "Bad request";
            case 401: return "Not signed in";
            case 403: return "Forbidden";
            case 404: return "Not found";
            case 405: return "Method not allowed";
            case 409: return "Conflict";
            case 413: return "Too large";
            case 415: return "Unsupported media type";
            case 429: return "Too many requests";
            default: return status >= 500 ? "Server error" : "Error";
        }
    }

    void bytes(int status, String contentType, byte[] b) throws IOException {
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }

    /** 303 See Other to a console path (post/redirect/get). */
    void redirect(String consolePath) {
        redirect(HttpServletResponse.SC_SEE_OTHER, consolePath);
    }

    void redirect(int status, String consolePath) {
        resp.setStatus(status);
        resp.setHeader("Location", "/admin" + consolePath);
    }
}
