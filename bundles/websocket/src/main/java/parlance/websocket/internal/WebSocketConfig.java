package parlance.websocket.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code parlance.websocket}: XMPP over WebSocket (RFC 7395) and the XEP-0156 host-meta links. */
@ObjectClassDefinition(id = "parlance.websocket", name = "XMPP over WebSocket",
        description = "RFC 7395 endpoint /xmpp-websocket on the HTTP port and XEP-0156 host-meta")
public @interface WebSocketConfig {
    @AttributeDefinition(description = "Seconds without input before the server pings a WebSocket client; one "
            + "more idle period without an answer closes it", min = "5")
    int idle_timeout_seconds() default 300;

    @AttributeDefinition(description = "Public WebSocket URL announced in host-meta (e.g. "
            + "wss://xmpp.example.org/xmpp-websocket when behind a TLS proxy); empty: derived from each request")
    String url() default "";

    @AttributeDefinition(description = "Public BOSH URL announced in host-meta (e.g. "
            + "https://xmpp.example.org/http-bind); empty: derived from each request")
    String bosh_url() default "";

    @AttributeDefinition(description = "Treat loopback clients as secure (PLAIN, SCRAM and in-band registration "
            + "are then offered without HTTPS), for a TLS-terminating proxy on the same host")
    boolean loopback_secure() default true;

    @AttributeDefinition(description = "Browser origins allowed to open a WebSocket (the Origin header, RFC 6455 "
            + "§10.2): * for all (the default), or a comma separated list such as https://chat.example.org; "
            + "other origins are refused with 403")
    String cors_origins() default "*";
}
