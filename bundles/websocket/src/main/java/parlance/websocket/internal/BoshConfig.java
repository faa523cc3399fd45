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

    @AttributeDefinition(description = "Largest request body in bytes (XEP-0124 §11); larger ones get HTTP 413 "
            + "with a policy-violation terminate body. 0: the parlance.c2s max.stanza.size plus 8 KiB", min = "0")
    int max_body_size() default 0;

    @AttributeDefinition(description = "Longest pause (s) a client may ask for (XEP-0124 §10 maxpause)", min = "0")
    int max_pause_seconds() default 120;

    @AttributeDefinition(description = "Browser origins allowed to use BOSH (CORS): * for all (the default, as in "
            + "Prosody 0.12 and later), or a comma separated list such as https://chat.example.org; requests "
            + "with another Origin are refused with 403")
    String cors_origins() default "*";
}
