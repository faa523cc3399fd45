package parlance.s2s.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of server-to-server federation (PID {@code parlance.s2s}; system properties
 * {@code parlance.s2s.<key>} override, underscores become dots in keys).
 */
@ObjectClassDefinition(name = "Parlance federation (s2s)",
        description = "Server-to-server streams (RFC 6120) with STARTTLS and Server Dialback (XEP-0220)")
@interface S2sConfig {
    String PID = "parlance.s2s";

    @AttributeDefinition(name = "Port", description = "Listener for remote servers (RFC 6120 §14.7: 5269); "
            + "0 disables federation in both directions", min = "0", max = "65535")
    int port() default 5269;

    @AttributeDefinition(name = "Direct TLS port", description = "Second listener where TLS starts at once "
            + "(XEP-0368, ALPN xmpp-server), then the stream without STARTTLS; 0 disables it", min = "0",
            max = "65535")
    int tls_port() default 5270;

    @AttributeDefinition(name = "Bidirectional streams", description = "Offer and request XEP-0288 bidi: one TCP "
            + "connection carries stanzas both ways")
    boolean bidi() default true;

    @AttributeDefinition(name = "Connections per remote domain", description = "Inbound streams one remote domain "
            + "may hold open at once; more end with policy-violation (XEP-0205 §3); 0 no limit", min = "0")
    int max_connections_per_domain() default 10;

    @AttributeDefinition(name = "Stanza rate per remote domain", description = "Stanzas per second accepted from "
            + "one remote domain (bursts of twice as many); faster peers are read more slowly (XEP-0205 §3); "
            + "0 no limit", min = "0")
    int stanza_rate() default 200;

    @AttributeDefinition(name = "Secure", description = "Remote servers must present a certificate that validates "
            + "(PKIX) and names their domain (RFC 6125); off: dialback over TLS with any certificate")
    boolean secure() default true;

    @AttributeDefinition(name = "Trust anchors", description = "PEM file of the certificates (CAs or peers) that "
            + "peer certificates must chain to, relative to <home>/etc; empty: the JDK's trust store")
    String trust_file() default "";

    @AttributeDefinition(name = "Static routes", description = "domain=host:port entries tried before DNS SRV "
            + "(RFC 6120 §3.2), e.g. example.net=10.0.0.5:5269; domain=tls:host:port connects with direct TLS "
            + "(XEP-0368, port default 5270), e.g. example.net=tls:10.0.0.5:5270")
    String[] routes() default {};

    @AttributeDefinition(name = "Connect timeout (s)", description = "Resolution, connection, TLS and dialback "
            + "together; stanzas queued meanwhile bounce with remote-server-timeout", min = "1")
    int connect_timeout_seconds() default 20;

    @AttributeDefinition(name = "Idle timeout (s)", description = "A stream without traffic this long is closed; "
            + "0 never", min = "0")
    int idle_timeout_seconds() default 600;

    @AttributeDefinition(name = "Queue per remote domain", description = "Stanzas held while a connection is set "
            + "up; more bounce with resource-constraint", min = "1")
    int queue_limit() default 1000;

    @AttributeDefinition(name = "Maximum stanza size", description = "Bytes (RFC 6120 §13.12)", min = "1024")
    int max_stanza_size() default 262144;

    @AttributeDefinition(name = "PKCS#12 password", type = AttributeType.PASSWORD,
            description = "Password of *.p12 files in <home>/etc/tls")
    String tls_keystore_password() default "";
}
