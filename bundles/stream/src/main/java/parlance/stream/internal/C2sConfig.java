package parlance.stream.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the client-to-server listeners (PID {@code parlance.c2s}); underscores become dots in keys. */
@ObjectClassDefinition(name = "Parlance client connections (c2s)",
        description = "TCP listeners for XMPP clients (RFC 6120): STARTTLS port, direct TLS port (XEP-0368), limits")
@interface C2sConfig {
    @AttributeDefinition(name = "Port", description = "STARTTLS port (RFC 6120 §5); 0 disables", min = "0", max = "65535")
    int port() default 5222;

    @AttributeDefinition(name = "Direct TLS port", description = "XEP-0368 port; 0 disables", min = "0", max = "65535")
    int tls_port() default 5223;

    @AttributeDefinition(name = "Maximum stanza size", description = "Bytes; larger stanzas end the stream with "
            + "policy-violation (RFC 6120 §13.12)", min = "1024")
    int max_stanza_size() default 262144;

    @AttributeDefinition(name = "Connections per IP", description = "0 = no limit", min = "0")
    int max_connections_per_ip() default 1000;

    @AttributeDefinition(name = "Failed logins per IP", description = "After this many SASL failures within the "
            + "window, further attempts from the address fail with temporary-auth-failure; 0 = no throttle", min = "0")
    int auth_failures_per_ip() default 10;

    @AttributeDefinition(name = "Failed-login delay per account (ms)", description = "After 3 failed logins for "
            + "one account within the window, each further failure is answered this much later per extra failure "
            + "(at most 10 s), from any address; the right password is never refused; 0 = off", min = "0")
    long auth_account_delay_millis() default 1000;

    @AttributeDefinition(name = "Failed login window (s)", min = "1")
    int auth_failures_window_seconds() default 300;

    @AttributeDefinition(name = "SASL attempts per connection", description = "RFC 6120 §6.4.5 (2..5)",
            min = "1", max = "10")
    int auth_attempts() default 5;

    @AttributeDefinition(name = "In-band registrations per IP per hour", description = "Accounts one address may "
            + "create before authentication (XEP-0077 §3.1) within an hour; further attempts get resource-constraint; "
            + "0 = no limit", min = "0")
    int registrations_per_ip_per_hour() default 10;

    @AttributeDefinition(name = "Idle timeout (s)", description = "After this long without input the server pings "
            + "(XEP-0199); 0 disables", min = "0")
    int idle_timeout_seconds() default 300;

    @AttributeDefinition(name = "Ping answer timeout (s)", min = "1")
    int idle_ping_timeout_seconds() default 60;

    @AttributeDefinition(name = "Hibernate idle parsers after (s)", description = "After this long without input "
            + "between two stanzas, a connection's XML parser releases its buffers and symbol tables (a few KB "
            + "per connection) until the next input; 0 never", min = "0")
    int hibernate_after_seconds() default 10;

    @AttributeDefinition(name = "Stream resumption timeout (s)", description = "XEP-0198: how long a session whose "
            + "connection dropped stays bound and queues stanzas, waiting for the client to resume it; 0 disables "
            + "resumption (acknowledgements still work)", min = "0", max = "86400")
    int sm_resume_timeout_seconds() default 300;

    @AttributeDefinition(name = "Unacknowledged stanzas per session", description = "XEP-0198: past this many "
            + "unacknowledged stanzas the session ends; its unacknowledged messages go to other resources or offline "
            + "storage", min = "10")
    int sm_max_queue() default 5000;

    @AttributeDefinition(name = "Acknowledgement request every n stanzas", description = "XEP-0198 <r/>; a quiet "
            + "connection with unacknowledged stanzas is asked after the delay below", min = "1")
    int sm_ack_every() default 5;

    @AttributeDefinition(name = "Acknowledgement request delay (ms)", min = "10")
    long sm_ack_delay_millis() default 1000;

    @AttributeDefinition(name = "Inactive-client queue", description = "XEP-0352: presence updates and other "
            + "unimportant stanzas held back while the client is inactive, before they are sent anyway", min = "1")
    int csi_queue_limit() default 100;

    @AttributeDefinition(name = "Listen backlog", min = "1")
    int backlog() default 1024;

    @AttributeDefinition(name = "PKCS#12 password", type = AttributeType.PASSWORD,
            description = "Password of *.p12 files in <home>/etc/tls")
    String tls_keystore_password() default "";

    @AttributeDefinition(name = "Certificate folder poll (ms)", min = "0")
    long tls_watch_millis() default 2000;
}
