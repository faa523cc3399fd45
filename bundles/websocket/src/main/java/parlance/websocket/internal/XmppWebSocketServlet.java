package parlance.websocket.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.stream.spi.XmppStreams;

/**
 * XMPP over WebSocket (RFC 7395) at {@value #PATH}: checks the opening handshake (RFC 6455 §4.2.1) with the
 * required {@code xmpp} subprotocol (RFC 7395 §3.1), answers {@code 101 Switching Protocols} and hands the
 * connection to a {@link WsConnection} through Jetty's connection upgrade (the Servlet upgrade API is not
 * implemented by Jetty 12 ee10, and Felix HTTP ships no WebSocket implementation). Streams come from the
 * {@link XmppStreams} service of the stream bundle (503 while it is absent).
 */
@Component(service = Servlet.class, configurationPid = "parlance.websocket",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern(XmppWebSocketServlet.PATH)
@HttpWhiteboardServletName("parlance-xmpp-websocket")
@Designate(ocd = WebSocketConfig.class)
public final class XmppWebSocketServlet extends HttpServlet {
    static final String PATH = "/xmpp-websocket";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(XmppWebSocketServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile XmppStreams streams;

    private final transient WebSocketConfig config;
    private final transient Origins origins;
    /** Open connections, ended with {@code system-shutdown} when this component goes (bundle stop, new config). */
    private final transient Set<WsConnection> connections = ConcurrentHashMap.newKeySet();

    @Activate
    public XmppWebSocketServlet(WebSocketConfig config) {
        this.config = config;
        this.origins = new Origins(config.cors_origins());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!Handshake.hasToken(req.getHeaders("Upgrade"), "websocket")
                || !Handshake.hasToken(req.getHeaders("Connection"), "upgrade")) {
            resp.setHeader("Upgrade", "websocket");
            resp.sendError(426, "XMPP over WebSocket (RFC 7395): a WebSocket upgrade is required");
            return;
        }
        if (!"13".equals(req.getHeader("Sec-WebSocket-Version"))) {
            resp.setHeader("Sec-WebSocket-Version", "13"); // RFC 6455 §4.4
            resp.sendError(426, "WebSocket version 13 required");
            return;
        }
        String key = req.getHeader("Sec-WebSocket-Key");
        if (!Handshake.validKey(key)) {
            resp.sendError(400, "Bad Sec-WebSocket-Key");
            return;
        }
        if (!origins.allows(req.getHeader("Origin"))) {
            resp.sendError(403, "Origin not allowed"); // RFC 6455 §4.2.2 / §10.2
            return;
        }
        if (!Handshake.hasToken(req.getHeaders("Sec-WebSocket-Protocol"), Handshake.SUBPROTOCOL)) {
            resp.sendError(400, "The xmpp subprotocol is required (RFC 7395 §3.1)");
            return;
        }
        XmppStreams s = streams;
        ServletContextRequest base = ServletContextRequest.getServletContextRequest(req);
        if (s == null || base == null) {
            if (base == null) {
                LOG.warn("Cannot reach the Jetty request of {}; no WebSocket upgrade", req.getRequestURI());
            }
            resp.sendError(503, "XMPP service unavailable");
            return;
        }
        EndPoint endPoint = base.getConnectionMetaData().getConnection().getEndPoint();
        boolean secure = req.isSecure() || (config.loopback_secure() && loopback(endPoint));
        WsConnection connection = new WsConnection(endPoint, base.getComponents().getExecutor(),
                base.getComponents().getScheduler(), s, secure, connections::remove);
        connections.add(connection);
        endPoint.setIdleTimeout(config.idle_timeout_seconds() * 1000L);
        base.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection); // Jetty swaps it in after the 101
        resp.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        resp.setHeader("Upgrade", "websocket");
        resp.setHeader("Connection", "Upgrade");
        resp.setHeader("Sec-WebSocket-Accept", Handshake.accept(key));
        resp.setHeader("Sec-WebSocket-Protocol", Handshake.SUBPROTOCOL);
        LOG.debug("WebSocket upgrade from {} (secure: {})", connection.remoteAddress(), secure);
    }

    @Deactivate
    void deactivate() {
        for (WsConnection c : connections) {
            c.shutdown();
        }
        connections.clear();
    }

    private static boolean loopback(EndPoint endPoint) {
        InetSocketAddress a = endPoint.getRemoteAddress();
        InetAddress ip = a == null ? null : a.getAddress();
        return ip != null && ip.isLoopbackAddress();
    }
}
