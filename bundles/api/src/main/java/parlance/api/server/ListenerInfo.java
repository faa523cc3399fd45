package parlance.api.server;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a network listener registers one of these once it accepts connections, and unregisters it when it
 * closes. The boot bundle names every registered listener in the {@code Parlance ready} line and the console lists
 * them.
 */
@ConsumerType
public interface ListenerInfo {
    /** Short name, e.g. {@code c2s}, {@code c2s-tls}, {@code http}. */
    String name();

    /** The bound port (the real one when 0 was asked for an ephemeral port). */
    int port();

    /** The bound host address, e.g. {@code 0.0.0.0}. */
    String host();
}
