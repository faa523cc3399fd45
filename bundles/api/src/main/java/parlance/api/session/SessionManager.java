package parlance.api.session;

import java.util.Collection;
import org.osgi.annotation.versioning.ProviderType;
import parlance.api.address.Jid;

/** The local session table: bound sessions by full and bare address. A service of the router bundle. */
@ProviderType
public interface SessionManager {
    /** The session bound to a full address, or {@code null}. */
    ClientSession session(Jid fullJid);

    /** All sessions of an account (bare address), possibly empty; a snapshot, safe to iterate. */
    Collection<ClientSession> sessions(Jid bareJid);

    /** Every bound session; a snapshot. */
    Collection<ClientSession> all();

    /** Number of bound sessions. */
    int count();

    /**
     * Adds a session whose resource the stream layer has just bound (RFC 6120 §7). When another session holds the
     * same full address, the conflict policy applies (RFC 6120 §7.7.2.2: by default the older session is closed
     * with the {@code conflict} stream error). Listeners hear {@code sessionBound}.
     *
     * @throws BindException with {@code conflict} or {@code resource-constraint} (too many resources) when refused
     */
    void register(ClientSession session) throws BindException;

    /** Removes a session that ended; listeners hear {@code sessionClosed}. Idempotent. */
    void unregister(ClientSession session);
}
