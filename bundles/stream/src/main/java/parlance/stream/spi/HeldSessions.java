package parlance.stream.spi;

import org.osgi.annotation.versioning.ProviderType;
import parlance.api.session.ClientSession;

/**
 * Which bound sessions no stream carries right now: stream management (XEP-0198 §5) holds a session whose
 * connection dropped for the resumption timeout; it stays bound and queues what it is sent, but its client sees
 * nothing until it resumes. Push notifications (XEP-0357) use this to wake such a client. A service of the stream
 * bundle.
 *
 * @since 1.1
 */
@ProviderType
public interface HeldSessions {
    /** True while {@code session} is held for resumption (bound, queueing, not connected). */
    boolean isHeld(ClientSession session);
}
