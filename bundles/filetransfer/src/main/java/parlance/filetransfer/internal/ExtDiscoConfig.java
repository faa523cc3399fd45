package parlance.filetransfer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of external service discovery (PID {@code parlance.extdisco}); changes apply live. */
@ObjectClassDefinition(id = ExtDiscoConfig.PID, name = "Parlance external services",
        description = "STUN and TURN servers announced to clients (XEP-0215), with TURN REST API credentials")
public @interface ExtDiscoConfig {
    String PID = "parlance.extdisco";

    @AttributeDefinition(name = "Services", required = false,
            description = "Services as URIs (RFC 7064/7065 with parameters), separated by spaces: "
                    + "stun:host[:port][?transport=udp|tcp] or turn:host[:port]?transport=udp&secret=S&ttl=86400. "
                    + "A service with a secret gets credentials by coturn's use-auth-secret scheme: username "
                    + "<expiry unix time>:<bare JID>, password base64(HMAC-SHA1(secret, username))")
    String[] services() default {};

    @AttributeDefinition(name = "Default credential lifetime (seconds)", min = "60",
            description = "Lifetime of TURN credentials of a service without its own ttl")
    long ttl_seconds() default 86400;
}
