package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console ({@code /admin}) and its JSON API over real HTTP against the packaged server: every route is
 * closed without a session, login with XMPP admin credentials, cookie flags, CSRF, an account created in the console
 * logging in over XMPP, and a plugin uploaded, started, stopped and uninstalled.
 */
@ExtendWith(SharedServer.class)
class AdminConsoleIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern COOKIE = Pattern.compile("parlance_admin=([^;]+)");
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void client() {
        http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        base = "http://127.0.0.1:" + SharedServer.get().port("http.port") + "/admin";
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        HttpRequest request = b.timeout(TIMEOUT).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // a pooled connection the server closed just as this request went out: HttpClient does not retry
            // non-GET requests by itself; one new attempt on a new connection
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                throw e;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpRequest.Builder req(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) {
            b.header("Cookie", "parlance_admin=" + cookie);
        }
        return b;
    }

    private static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(i == 0 ? "" : "&").append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static HttpResponse<String> post(String path, String cookie, String... kv) throws Exception {
        return send(req(path, cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(kv))));
    }

    private static final Pattern LOGIN_COOKIE = Pattern.compile("parlance_login=([^;]+)");
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** Like a browser: GET the login form (pre-session cookie + form token), then POST it. */
    private static HttpResponse<String> login(String user, String password) throws Exception {
        HttpResponse<String> page = send(req("/login", null));
        assertEquals(200, page.statusCode());
        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict")
                && setCookie.contains("Path=/admin") && setCookie.contains("Max-Age="), setCookie);
        Matcher c = LOGIN_COOKIE.matcher(setCookie);
        assertTrue(c.find(), setCookie);
        Matcher t = FORM_TOKEN.matcher(page.body());
        assertTrue(t.find(), page.body());
        return send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Cookie", "parlance_login=" + c.group(1))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("username", user, "password", password,
                        "csrf", t.group(1)))));
    }

    /** Signs in as admin; returns {cookie, csrf token}. */
    private static String[] session() throws Exception {
        HttpResponse<String> r = login("admin", SharedServer.ADMIN_PASSWORD);
        assertEquals(303, r.statusCode(), r.body());
        Matcher m = COOKIE.matcher(r.headers().firstValue("Set-Cookie").orElseThrow());
        assertTrue(m.find());
        String cookie = m.group(1);
        HttpResponse<String> s = send(req("/api/session", cookie));
        assertEquals(200, s.statusCode());
        Matcher t = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(s.body());
        assertTrue(t.find(), s.body());
        return new String[] {cookie, t.group(1)};
    }

    @Test
    void everyRouteIsClosedWithoutASession() throws Exception {
        List<String> pages = List.of("/", "/users", "/users?q=a", "/sessions", "/plugins", "/log", "/certificates", "/config", "/pages/any",
                "/nonexistent");
        List<String> forms = List.of("/logout", "/users/create", "/users/delete", "/users/password",
                "/sessions/kick", "/plugins/install", "/plugins/update", "/plugins/action", "/certificates/upload",
                "/config/save");
        List<String[]> api = List.of(new String[] {"GET", "/api/dashboard"}, new String[] {"GET", "/api/session"},
                new String[] {"GET", "/api/users"}, new String[] {"POST", "/api/users"},
                new String[] {"DELETE", "/api/users/admin"}, new String[] {"PUT", "/api/users/admin/password"},
                new String[] {"GET", "/api/sessions"}, new String[] {"DELETE", "/api/sessions?jid=a@localhost/r"},
                new String[] {"GET", "/api/plugins"}, new String[] {"POST", "/api/plugins"},
                new String[] {"PUT", "/api/plugins/1"}, new String[] {"DELETE", "/api/plugins/1"},
                new String[] {"POST", "/api/plugins/1/stop"}, new String[] {"GET", "/api/log"},
                new String[] {"GET", "/api/certificates"}, new String[] {"POST", "/api/certificates"},
                new String[] {"GET", "/api/config"}, new String[] {"GET", "/api/config/parlance.offline"},
                new String[] {"PUT", "/api/config/parlance.offline"},
                new String[] {"POST", "/api/config/parlance.offline"},
                new String[] {"POST", "/api/logout"}, new String[] {"GET", "/api/openapi.json"});
        for (String cookie : new String[] {null, "forged-" + UUID.randomUUID()}) {
            for (String p : pages) {
                HttpResponse<String> r = send(req(p, cookie));
                assertEquals(302, r.statusCode(), "GET " + p);
                assertEquals("/admin/login", r.headers().firstValue("Location").orElse(null), p);
            }
            for (String p : forms) {
                HttpResponse<String> r = post(p, cookie, "username", "x");
                assertEquals(302, r.statusCode(), "POST " + p);
            }
            for (String[] a : api) {
                HttpResponse<String> r = send(req(a[1], cookie).method(a[0], a[0].equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json"));
                assertEquals(401, r.statusCode(), a[0] + " " + a[1]);
                assertTrue(r.body().contains("\"error\""), a[1]);
            }
        }
        HttpResponse<String> admin = send(req("", null));
        assertEquals(302, admin.statusCode(), "/admin itself");
        assertEquals(200, send(req("/login", null)).statusCode());
        HttpResponse<String> css = send(req("/static/admin.css", null));
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
    }

    @Test
    void loginNeedsTheAdminPasswordAndSetsAStrictCookie() throws Exception {
        HttpResponse<String> wrong = login("admin", "not-" + SharedServer.ADMIN_PASSWORD);
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("parlance_admin=")));
        assertTrue(wrong.body().contains("Wrong username or password"));

        HttpResponse<String> ok = login("admin", SharedServer.ADMIN_PASSWORD);
        assertEquals(303, ok.statusCode());
        assertEquals("/admin/", ok.headers().firstValue("Location").orElse(null));
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/admin"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP: no Secure flag, " + setCookie);
        Matcher m = COOKIE.matcher(setCookie);
        assertTrue(m.find());
        assertTrue(m.group(1).length() >= 43, "256 random bits");

        HttpResponse<String> dash = send(req("/", m.group(1)));
        assertEquals(200, dash.statusCode());
        assertTrue(dash.body().contains("<h1>Dashboard</h1>"));
        assertTrue(dash.body().contains(">c2s<"), "listeners are listed");
        HttpResponse<String> json = send(req("/api/dashboard", m.group(1)));
        assertEquals(200, json.statusCode());
        assertTrue(json.body().contains("\"uptimeSeconds\""));
        assertTrue(send(req("/api/openapi.json", m.group(1))).body().matches("(?s)\\{\\s*\"openapi\":\\s*\"3\\.0\\.3\".*"),
                "an OpenAPI 3 document");
    }

    @Test
    void stateChangesWithoutTheCsrfTokenAreForbidden() throws Exception {
        String[] s = session();
        String name = "csrf" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(403, post("/users/create", s[0], "username", name, "password", "pw").statusCode());
        assertEquals(403, post("/users/create", s[0], "username", name, "password", "pw", "csrf", "wrong")
                .statusCode());
        assertEquals(403, send(req("/api/users", s[0]).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"pw\"}")))
                .statusCode());
        assertEquals(403, send(req("/api/users/admin", s[0]).DELETE()).statusCode());
        assertFalse(send(req("/api/users?q=" + name, s[0])).body().contains(name), "nothing was created");
        // logout needs the token as well, and ends the session
        assertEquals(403, post("/logout", s[0]).statusCode());
        assertEquals(303, post("/logout", s[0], "csrf", s[1]).statusCode());
        assertEquals(302, send(req("/", s[0])).statusCode(), "the session is gone");
    }

    @Test
    void anAccountCreatedInTheConsoleLogsInOverXmpp() throws Exception {
        String[] s = session();
        String name = "console" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String password = "pw-" + UUID.randomUUID();
        HttpResponse<String> r = post("/users/create", s[0], "username", name, "password", password, "csrf", s[1]);
        assertEquals(303, r.statusCode(), r.body());
        HttpResponse<String> list = send(req("/users?q=" + name, s[0]));
        assertTrue(list.body().contains("Created " + name + "."), "flash message");
        assertTrue(list.body().contains("<th scope=\"row\">" + name + "</th>"), "listed");
        try (Clients clients = new Clients()) {
            XMPPTCPConnection c = clients.login(new Clients.Account(name, password));
            assertTrue(c.isAuthenticated());
            Clients.await("session in the console", () -> {
                try {
                    return send(req("/api/sessions", s[0])).body().contains(name + "@" + SharedServer.DOMAIN);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aPluginIsUploadedStartedStoppedAndUninstalled() throws Exception {
        String[] s = session();
        byte[] jar = Files.readAllBytes(Distribution.sampleJar());
        String boundary = "----parlance" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + s[1] + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sample.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(jar);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> up = send(req("/plugins/install", s[0])
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertEquals(303, up.statusCode(), up.body());

        HttpResponse<String> page = send(req("/plugins", s[0]));
        assertTrue(page.body().contains("Installed parlance.sample"), page.body());
        String id = sampleId(s[0]);
        assertNotNull(id, "parlance.sample is listed");
        assertTrue(row(page.body(), id).contains("<td class=\"state\">ACTIVE"), row(page.body(), id));

        assertEquals(303, post("/plugins/action", s[0], "id", id, "action", "stop", "csrf", s[1]).statusCode());
        assertTrue(row(send(req("/plugins", s[0])).body(), id).contains("<td class=\"state\">RESOLVED"));

        assertEquals(303, post("/plugins/action", s[0], "id", id, "action", "uninstall", "csrf", s[1]).statusCode());
        assertEquals(null, sampleId(s[0]), "gone after uninstall");
        assertTrue(send(req("/plugins", s[0])).body().contains("Uninstalled parlance.sample."));
    }

    @Test
    void theLoginFormNeedsItsPreSessionToken() throws Exception {
        // a cross-site form post carries neither the SameSite=Strict pre-session cookie nor the form token
        HttpResponse<String> bare = post("/login", null, "username", "admin", "password", SharedServer.ADMIN_PASSWORD);
        assertEquals(403, bare.statusCode());
        assertFalse(bare.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("parlance_admin=")));
        assertTrue(bare.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(bare.body().contains("The sign-in form has expired"), bare.body());
        // a token without its cookie is refused as well
        Matcher t = FORM_TOKEN.matcher(send(req("/login", null)).body());
        assertTrue(t.find());
        assertEquals(403, post("/login", null, "username", "admin", "password", SharedServer.ADMIN_PASSWORD,
                "csrf", t.group(1)).statusCode());
        // the JSON API login stays usable by API clients, and only takes JSON
        HttpResponse<String> api = send(req("/api/login", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\""
                        + SharedServer.ADMIN_PASSWORD + "\"}")));
        assertEquals(200, api.statusCode(), api.body());
        assertTrue(api.body().contains("\"csrfToken\""));
        assertEquals(415, post("/api/login", null, "username", "admin", "password", SharedServer.ADMIN_PASSWORD)
                .statusCode(), "a form-encoded (cross-site form) API login is refused");
    }

    @Test
    void formErrorsAreHtmlPagesAndApiErrorsStayJson() throws Exception {
        String[] s = session();
        HttpResponse<String> csrf = post("/users/create", s[0], "username", "x", "password", "y");
        assertEquals(403, csrf.statusCode());
        assertTrue(csrf.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), "403 page");
        assertTrue(csrf.body().contains("<h1>403 Forbidden</h1>"), csrf.body());
        HttpResponse<String> missing = send(req("/no-such-page", s[0]));
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("<h1>404 Not found</h1>"), missing.body());
        HttpResponse<String> apiMissing = send(req("/api/no-such-route", s[0]));
        assertEquals(404, apiMissing.statusCode());
        assertTrue(apiMissing.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(apiMissing.body().contains("\"error\""));
    }

    @Test
    void aSettingChangedThroughTheApiIsWrittenToItsFileAndAppliedLive() throws Exception {
        String[] s = session();
        HttpResponse<String> all = send(req("/api/config", s[0]));
        assertEquals(200, all.statusCode(), all.body());
        assertTrue(all.body().contains("\"pid\":\"parlance.offline\""), all.body());
        assertTrue(all.body().contains("\"pid\":\"parlance.console\""), all.body());
        HttpResponse<String> page = send(req("/config", s[0]));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<code>parlance.offline</code>"), "the page lists the PID");

        HttpResponse<String> bad = send(req("/api/config/parlance.offline", s[0]).header("X-CSRF-Token", s[1])
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"limit\":\"lots\"}")));
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("limit must be an integer"), bad.body());
        assertEquals(404, send(req("/api/config/parlance.nothing", s[0]).header("X-CSRF-Token", s[1])
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")))
                .statusCode());

        String limit = String.valueOf(200 + new java.util.Random().nextInt(500));
        HttpResponse<String> ok = send(req("/api/config/parlance.offline", s[0]).header("X-CSRF-Token", s[1])
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"limit\":" + limit + "}")));
        assertEquals(200, ok.statusCode(), ok.body());
        java.nio.file.Path file = SharedServer.get().home().resolve("etc/parlance.offline.cfg");
        String text = Files.readString(file);
        assertTrue(text.contains("\nlimit = " + limit + "\n"), text);
        assertTrue(text.contains("#"), "commented defaults of the other keys are kept: " + text);
        Pattern current = Pattern.compile("\"id\":\"limit\"[^}]*\"current\":\"" + limit + "\"");
        Clients.await("limit applied live", () -> {
            try {
                return current.matcher(send(req("/api/config/parlance.offline", s[0])).body()).find();
            } catch (Exception e) {
                return false;
            }
        });
        // back to the default: the key is commented out again
        assertEquals(200, send(req("/api/config/parlance.offline", s[0]).header("X-CSRF-Token", s[1])
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"limit\":null}"))).statusCode());
        assertFalse(Files.readString(file).contains("\nlimit = "), Files.readString(file));
    }

    private static String sampleId(String cookie) throws Exception {
        String plugins = send(req("/api/plugins", cookie)).body();
        Matcher m = Pattern.compile("\\{\"id\":(\\d+),\"symbolicName\":\"parlance.sample\"").matcher(plugins);
        return m.find() ? m.group(1) : null;
    }

    private static String row(String html, String id) {
        int start = html.indexOf("<tr id=\"bundle-" + id + "\">");
        assertTrue(start >= 0, "row of bundle " + id);
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
