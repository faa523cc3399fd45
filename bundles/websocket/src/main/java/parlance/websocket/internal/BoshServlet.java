package parlance.websocket.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.stream.spi.XmppStreams;
import parlance.xml.XmlReader;
import parlance.xml.XmlStreamException;

/**
 * BOSH (XEP-0124) carrying XMPP (XEP-0206) at {@value #PATH}: each POST is one {@code <body/>}, held
 * asynchronously (Servlet async) until its {@link BoshSession} answers. Streams come from the stream bundle's
 * {@link XmppStreams} service, as for WebSocket. Browser pages of the {@code cors.origins} get CORS headers
 * (XEP-0124 §16 leaves cross-domain access to HTTP); requests from other origins are refused (403). A body larger
 * than {@code max.body.size} is refused with 413 and a {@code policy-violation} body (§11).
 */
@Component(service = Servlet.class, configurationPid = "parlance.bosh",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern(BoshServlet.PATH)
@HttpWhiteboardServletName("parlance-bosh")
@HttpWhiteboardServletAsyncSupported
@Designate(ocd = BoshConfig.class)
public final class BoshServlet extends HttpServlet {
    static final String PATH = "/http-bind";
    private static final long serialVersionUID = 1L;
    /** XEP-0124 §9.2: an unacknowledged response older than this is reported lost. */
    private static final long REPORT_AFTER_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(BoshServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile XmppStreams streams;

    private final transient BoshConfig config;
    private final transient Origins origins;
    private final transient Map<String, BoshSession> sessions = new ConcurrentHashMap<>();
    private final transient SecureRandom random = new SecureRandom();
    private final transient ExecutorService pool;
    private final transient ScheduledExecutorService scheduler;

    @Activate
    public BoshServlet(BoshConfig config) {
        this.config = config;
        this.origins = new Origins(config.cors_origins());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(2, Math.max(4, Runtime.getRuntime().availableProcessors() * 2), 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> daemon(r, "parlance-bosh-" + n.incrementAndGet()));
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "parlance-bosh-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        scheduler.scheduleWithFixedDelay(() -> sessions.values().forEach(s -> s.execute(s::sweep)), 5, 5,
                TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Deactivate
    void deactivate() {
        for (BoshSession s : sessions.values()) {
            s.shutdown();
        }
        scheduler.shutdown();
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.clear();
    }

    @Override
    protected void doOptions(HttpServletRequest req, HttpServletResponse resp) {
        if (!cors(req, resp)) {
            resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        resp.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
        resp.setHeader("Access-Control-Allow-Headers", "Content-Type");
        resp.setHeader("Access-Control-Max-Age", "86400");
        resp.setStatus(HttpServletResponse.SC_OK);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!cors(req, resp)) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed");
            return;
        }
        XmppStreams s = streams;
        if (s == null) {
            resp.sendError(503, "XMPP service unavailable");
            return;
        }
        Element body;
        try {
            body = parse(req, config.max_body_size() > 0 ? config.max_body_size() : s.maxStanzaBytes() + 8192);
        } catch (XmlStreamException | IllegalArgumentException e) {
            write(resp, 400, BoshBodies.bytes(BoshBodies.terminate("bad-request"), List.of())); // XEP-0124 §17.1
            return;
        }
        if (body == null) {
            write(resp, 413, BoshBodies.bytes(BoshBodies.terminate("policy-violation"), List.of()));
            return;
        }
        String sid = body.attributeValue("sid");
        if (sid == null) {
            create(req, s, body);
            return;
        }
        BoshSession session = sessions.get(sid);
        if (session == null) {
            write(resp, 404, BoshBodies.bytes(BoshBodies.terminate("item-not-found"), List.of())); // §17.2
            return;
        }
        BoshSession.Reply reply = hold(req, config.max_wait_seconds());
        session.execute(() -> session.request(body, reply));
    }

    private void create(HttpServletRequest req, XmppStreams s, Element body) throws IOException {
        int wait = Math.max(1, Math.min(config.max_wait_seconds(), BoshBodies.intAttribute(body, "wait",
                config.max_wait_seconds())));
        boolean secure = req.isSecure() || (config.loopback_secure() && loopback(req.getRemoteAddr()));
        byte[] id = new byte[16];
        random.nextBytes(id);
        String sid = HexFormat.of().formatHex(id);
        BoshLimits limits = new BoshLimits(wait, config.inactivity_seconds(), config.max_pause_seconds(),
                REPORT_AFTER_MILLIS);
        BoshSession session = new BoshSession(sid, s, pool, scheduler, limits, secure, req.getRemoteAddr(),
                req.getRemotePort(), () -> sessions.remove(sid));
        sessions.put(sid, session);
        LOG.debug("BOSH session {} from {} (secure: {})", sid, req.getRemoteAddr(), secure);
        BoshSession.Reply reply = hold(req, wait);
        session.execute(() -> session.start(body, reply));
    }

    /** Starts async processing; the reply completes it once (a timeout answers with an empty body first). */
    private BoshSession.Reply hold(HttpServletRequest req, int waitSeconds) {
        AsyncContext ctx = req.startAsync();
        ctx.setTimeout((waitSeconds + 15) * 1000L);
        AtomicBoolean done = new AtomicBoolean();
        BoshSession.Reply reply = (status, bytes) -> {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            try {
                write((HttpServletResponse) ctx.getResponse(), status, bytes);
            } catch (IOException | RuntimeException e) {
                LOG.debug("BOSH reply failed: {}", e.toString());
            } finally {
                ctx.complete();
            }
            return true;
        };
        ctx.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                reply.send(200, BoshBodies.bytes(BoshBodies.body(), List.of()));
            }

            @Override
            public void onError(AsyncEvent event) {
                done.set(true);
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        return reply;
    }

    /** The request body as one element, or {@code null} when it is larger than {@code max} bytes. */
    private static Element parse(HttpServletRequest req, int max) throws IOException, XmlStreamException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(max + 1);
        }
        if (bytes.length > max) {
            return null;
        }
        Element body = XmlReader.parse(new String(bytes, StandardCharsets.UTF_8));
        if (!"body".equals(body.getName()) || !BoshBodies.NS.equals(body.getNamespaceURI())) {
            throw new IllegalArgumentException("not a BOSH body");
        }
        return body;
    }

    private static void write(HttpServletResponse resp, int status, byte[] bytes) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/xml; charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** Sets the CORS headers for the request's origin; false when that origin is not allowed. */
    private boolean cors(HttpServletRequest req, HttpServletResponse resp) {
        String origin = req.getHeader("Origin");
        if (origins.varies()) {
            resp.setHeader("Vary", "Origin");
        }
        if (!origins.allows(origin)) {
            return false;
        }
        String allow = origins.allowOriginHeader(origin);
        if (allow != null) {
            resp.setHeader("Access-Control-Allow-Origin", allow);
        }
        return true;
    }

    private static boolean loopback(String ip) {
        try {
            return ip != null && InetAddress.getByName(ip).isLoopbackAddress(); // a literal: no lookup
        } catch (IOException e) {
            return false;
        }
    }
}
