package parlance.muc.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dom4j.Element;
import parlance.api.address.Jid;

/**
 * One occupant of a room (XEP-0045 §5): the user (bare address), the sessions it is in the room with, the nickname
 * (occupant address {@code room@service/nick}), the role and the stable occupant id (XEP-0421). Usually one session;
 * with a multi-session nick (§7.2.9: another resource of the same bare address enters with the same nick) several,
 * each with its own last presence. The first session still joined is the primary one: its presence and its address
 * are what the others see. Owned by its room; only touched on the room's queue.
 */
final class Occupant {
    final String occupantId;
    private final Jid user;
    private final TokenBucket messages;
    /** Real full address of each session → the presence it sent last (its own element, never shared). */
    private final Map<Jid, Element> sessions = new LinkedHashMap<>();
    private Jid jid;
    Role role;

    Occupant(Jid real, Element presence, Jid occupantJid, Role role, String occupantId, TokenBucket messages) {
        this.user = real.bare();
        this.jid = occupantJid;
        this.role = role;
        this.occupantId = occupantId;
        this.messages = messages;
        sessions.put(real, presence);
    }

    /** The occupant address {@code room@service/nick}. */
    Jid jid() {
        return jid;
    }

    String nick() {
        return jid.resource();
    }

    void rename(String nick) {
        jid = jid.bare().withResource(nick);
    }

    /** The user's bare address (affiliations, occupant id). */
    Jid user() {
        return user;
    }

    /** The real full address of the primary session (what moderators and non-anonymous rooms show). */
    Jid real() {
        return sessions.keySet().iterator().next();
    }

    /** The real full addresses of every session, the primary first. */
    Collection<Jid> sessions() {
        return List.copyOf(sessions.keySet());
    }

    int sessionCount() {
        return sessions.size();
    }

    /** The presence of the primary session (what the others see), or {@code null}. */
    Element presence() {
        return sessions.values().iterator().next();
    }

    /** The last presence of one session, or {@code null}. */
    Element presence(Jid session) {
        return sessions.get(session);
    }

    /** Records a session's presence (a new session joins at the end: it is not the primary one). */
    void presence(Jid session, Element presence) {
        sessions.put(session, presence);
    }

    /** Removes a session other than the last one (Room keeps its index in step). */
    void removeSession(Jid session) {
        if (sessions.size() > 1) {
            sessions.remove(session);
        }
    }

    /** XEP-0205: true when the occupant may send another message now under the service's current limits. */
    boolean maysend(long nowMillis, Settings settings) {
        return messages.take(nowMillis, settings.messagesPerSecond(), settings.messageBurst());
    }

    @Override
    public String toString() {
        return jid + " (" + sessions.keySet() + ", " + role.xml() + ")";
    }
}
