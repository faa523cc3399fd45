package parlance.api.auth;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a SASL mechanism (RFC 6120 §6) offered in stream features. The stream layer lists every registered
 * mechanism whose conditions hold for the connection and starts an exchange when the client picks one.
 */
@ConsumerType
public interface SaslMechanism {
    /** The IANA mechanism name, e.g. {@code SCRAM-SHA-256-PLUS}. */
    String name();

    /** True when the mechanism may only be offered over TLS (PLAIN, and every -PLUS mechanism). */
    boolean requiresTls();

    /** Starts one authentication exchange for one connection. */
    SaslExchange start(SaslContext context);
}
