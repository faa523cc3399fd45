package parlance.api.auth;

import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** What a SASL exchange may know about its connection. */
@ProviderType
public interface SaslContext {
    /** The served domain (the stream's {@code to}). */
    String domain();

    boolean isSecure();

    /**
     * The channel-binding types this connection supports (RFC 5929, RFC 9266): {@code tls-exporter},
     * {@code tls-server-end-point}, {@code tls-unique}; empty without TLS.
     */
    Set<String> channelBindingTypes();

    /** The channel-binding data for a type, or {@code null} when unsupported. */
    byte[] channelBinding(String type);

    /** Remote address, for throttling and logs. */
    String remoteAddress();
}
