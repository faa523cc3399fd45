package parlance.api.server;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: something the server must finish before it is ready, such as a listener that opens asynchronously
 * (an HTTP server started by another bundle). Register one while the work is under way and unregister it when the
 * work is done (and its {@link ListenerInfo} registered). The {@code Parlance ready} line waits until no task is
 * left, at most a bounded time.
 */
@ConsumerType
public interface StartupTask {
    /** What is being waited for, for the log when it takes too long. */
    String name();
}
