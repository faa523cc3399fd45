package parlance.websocket.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * XEP-0156 §3 HTTP lookup: {@code /.well-known/host-meta} (XRD, RFC 6415) and {@code /.well-known/host-meta.json}
 * (JRD) with the {@code urn:xmpp:alt-connections:websocket} link to {@value XmppWebSocketServlet#PATH} and the
 * {@code urn:xmpp:alt-connections:xbosh} link to {@value BoshServlet#PATH}. The URL is
 * the configured one, else derived from the request ({@code wss} over HTTPS). CORS is open (XEP-0156 §3.2.1 for
 * browser clients). Configuration: PID {@code parlance.websocket} (designated by {@link XmppWebSocketServlet}).
 */
@Component(service = Servlet.class, configurationPid = "parlance.websocket",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern({HostMeta.XRD_PATH, HostMeta.JSON_PATH})
@HttpWhiteboardServletName("parlance-host-meta")
public final class HostMetaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient WebSocketConfig config;

    @Activate
    public HostMetaServlet(WebSocketConfig config) {
        this.config = config;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String url = config.url().isBlank() ? HostMeta.derivedUrl(req.isSecure(), req.getHeader("Host"),
                req.getServerName(), req.getServerPort()) : config.url().trim();
        String bosh = config.bosh_url().isBlank() ? HostMeta.derivedBoshUrl(req.isSecure(), req.getHeader("Host"),
                req.getServerName(), req.getServerPort()) : config.bosh_url().trim();
        boolean json = req.getRequestURI().endsWith(".json");
        byte[] body = (json ? HostMeta.jrd(url, bosh) : HostMeta.xrd(url, bosh)).getBytes(StandardCharsets.UTF_8);
        resp.setContentType(json ? "application/json" : "application/xrd+xml");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
