package parlance.admin.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Deactivate;
import parlance.api.router.RouterStatistics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletMultipart;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.admin.spi.ConsolePage;
import parlance.api.auth.AccountManager;
import parlance.api.auth.SaslMechanism;
import parlance.api.server.ListenerInfo;
import parlance.api.server.ServerInfo;
import parlance.api.session.SessionManager;

/**
 * The admin console at {@code /admin} on the Servlet Whiteboard: the one gate every console and API request passes.
 * Only {@code /admin/login}, {@code /admin/api/login} and the stylesheet are open; everything else needs a session
 * (pages: 302 to the login page; API: 401), and every state-changing method (POST, PUT, DELETE) needs the session's
 * CSRF token in the {@code X-CSRF-Token} header or the {@code csrf} form field (403 otherwise). Responses carry a
 * strict Content-Security-Policy and are never cached. Errors are JSON under {@code /admin/api} and HTML pages
 * elsewhere. The login form has its own CSRF token (see {@link LoginRoutes}).
 */
@Component(service = Servlet.class, configurationPid = ConsoleServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleConfig.class)
@HttpWhiteboardServletPattern("/admin/*")
@HttpWhiteboardServletName("parlance-admin")
@HttpWhiteboardServletMultipart(enabled = true, maxFileSize = 256L * 1024 * 1024)
public final class ConsoleServlet extends HttpServlet {
    static final String PID = "parlance.console";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE");
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "DELETE");

    private final transient AdminSessions sessions;
    private final transient LoginRoutes login;
    private final transient HtmlRoutes html;
    private final transient ApiRoutes api;
    private final transient Templates templates = new Templates();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ListenerInfo> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RouterStatistics routerStatistics;

    /** Describes every component configuration for the configuration page (OSGi Compendium §105). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetaTypeService metaType;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    /** Stanzas/s over the last minute: 13 samples 5 s apart. */
    private final transient StanzaRate rate = new StanzaRate(13, System::currentTimeMillis);
    private final transient ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parlance-console-sampler");
        t.setDaemon(true);
        return t;
    });

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Map.Entry<Map<String, Object>, ConsolePage>> pages = new CopyOnWriteArrayList<>();

    @Activate
    public ConsoleServlet(BundleContext context, ConsoleConfig config, @Reference ServerInfo server,
            @Reference AccountManager accounts, @Reference SessionManager sessionManager,
            @Reference(target = "(parlance.sasl.mechanism=PLAIN)") SaslMechanism plain) {
        this.sessions = new AdminSessions(System::currentTimeMillis, config.idle_timeout_minutes() * 60_000L,
                config.max_sessions());
        LoginThrottle throttle = new LoginThrottle(System::currentTimeMillis, config.login_max_failures(),
                config.login_window_seconds() * 1000L);
        PluginManager plugins = new PluginManager(context, server.home().resolve("data").resolve("plugins"),
                config.max_upload_mb() * 1024L * 1024L);
        try {
            plugins.restore();
        } catch (IOException e) {
            LOG.warn("Cannot restore console plugins: {}", e.toString());
        }
        Operations ops = new Operations(server, accounts, sessionManager, () -> new ArrayList<>(listeners), plugins,
                rate::perSecond);
        sampler.scheduleAtFixedRate(() -> {
            RouterStatistics stats = routerStatistics;
            rate.sample(stats == null ? -1 : stats.stanzas());
        }, 0, 5, TimeUnit.SECONDS);
        ConfigCatalog catalog = new ConfigCatalog(context, () -> metaType, () -> configAdmin,
                server.home().resolve("etc"), System::getProperty);
        this.login = new LoginRoutes(sessions, throttle, () -> plain, server, templates,
                new LoginTokens(System::currentTimeMillis, 10 * 60_000L, 1000));
        this.html = new HtmlRoutes(ops, templates, this::consolePages, login, catalog);
        this.api = new ApiRoutes(ops, login, catalog);
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
    }

    /** Contributed pages, highest {@code service.ranking} first, then by title. */
    private List<ConsolePage> consolePages() {
        List<Map.Entry<Map<String, Object>, ConsolePage>> all = new ArrayList<>(pages);
        all.sort(Comparator.<Map.Entry<Map<String, Object>, ConsolePage>>comparingInt(e -> -ranking(e.getKey()))
                .thenComparing(e -> e.getValue().title()));
        List<ConsolePage> out = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, ConsolePage> e : all) {
            String label = e.getValue().label();
            if (label != null && label.matches("[a-z0-9-]{1,64}")) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private static int ranking(Map<String, Object> props) {
        Object r = props.get(Constants.SERVICE_RANKING);
        return r instanceof Integer ? (Integer) r : 0;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        Web w = new Web(req, resp, templates);
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'");
        String method = w.method();
        if (!METHODS.contains(method)) {
            resp.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE");
            w.error(405, "method not allowed");
            return;
        }
        try {
            if (w.path.equals("/static/admin.css") && !CHANGING.contains(method)) {
                resp.setHeader("Cache-Control", "max-age=3600");
                w.bytes(200, "text/css;charset=utf-8", Templates.resource("static/admin.css"));
                return;
            }
            if (w.path.equals("/login")) {
                login.page(w);
                return;
            }
            if (w.path.equals("/api/login") && method.equals("POST")) {
                login.api(w);
                return;
            }
            w.session = sessions.get(w.cookie());
            if (w.session == null) {
                if (w.isApi()) {
                    resp.setHeader("WWW-Authenticate", "Form realm=\"Parlance admin\"");
                    w.error(401, "sign in first: POST /admin/api/login");
                } else {
                    w.redirect(HttpServletResponse.SC_FOUND, "/login");
                }
                return;
            }
            if (CHANGING.contains(method) && !w.session.csrfMatches(w.csrfToken())) {
                LOG.warn("Console request without a valid CSRF token: {} {} from {}", method, w.path,
                        req.getRemoteAddr());
                w.error(403, "missing or wrong CSRF token (header " + Web.CSRF_HEADER + " or field "
                        + Web.CSRF_FIELD + ")");
                return;
            }
            boolean answered = w.isApi() ? api.handle(w) : html.handle(w);
            if (!answered) {
                w.error(404, "no such console route: " + method + " " + w.path);
            }
        } catch (IllegalStateException e) {
            // e.g. a multipart body over the size limit
            w.error(413, e.getMessage());
        }
    }
}
