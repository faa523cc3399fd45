package parlance.api.session;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: services of this type hear when sessions are bound and when they end. Called on the session's thread;
 * implementations hand slow work to their own executor.
 */
@ConsumerType
public interface SessionListener {
    default void sessionBound(ClientSession session) {
    }

    /** The session ended (stream closed or connection lost); its presence, if any, is still readable. */
    default void sessionClosed(ClientSession session) {
    }
}
