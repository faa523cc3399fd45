package parlance.websocket.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code parlance.bosh}: BOSH (XEP-0124, XEP-0206) at {@code /http-bind}. */
@ObjectClassDefinition(id = "parlance.bosh", name = "XMPP over BOSH",
        description = "XEP-0124/XEP-0206 endpoint /http-bind on the HTTP port")
public @interface BoshConfig {
    @AttributeDefinition(description = "Longest time (s) a request is held when there is nothing to send "
            + "(XEP-0124 §7.1 wait; the client's value when smaller)", min = "1", max = "120")
    int max_wait_seconds() default 60;

    @AttributeDefinition(description = "Seconds without any request after which a session ends "
            + "(XEP-0124 §7.1 inactivity)", min = "10")
    int inactivity_seconds() default 60;

    @AttributeDefinition(description = "Treat loopback clients as secure (PLAIN and in-band registration offered "
            + "without HTTPS), for a TLS-terminating proxy on the same host")
    boolean loopback_secure() default true;
}
