package parlance.muc.internal;

import org.dom4j.Element;
import parlance.api.address.Jid;

/**
 * One occupant of a room (XEP-0045 §5): the real full address of the user's session, the nickname (occupant
 * address {@code room@service/nick}), the role, the user's last presence and the stable occupant id (XEP-0421).
 * Owned by its room; only touched on the room's queue.
 */
final class Occupant {
    final Jid real;
    final String occupantId;
    private final TokenBucket messages;
    private Jid jid;
    Role role;
    /** The presence the user sent last (its own element, never shared), or {@code null}. */
    Element presence;

    Occupant(Jid real, Jid occupantJid, Role role, String occupantId, TokenBucket messages) {
        this.real = real;
        this.jid = occupantJid;
        this.role = role;
        this.occupantId = occupantId;
        this.messages = messages;
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

    /** XEP-0205: true when the occupant may send another message now. */
    boolean maysend(long nowMillis) {
        return messages.take(nowMillis);
    }

    @Override
    public String toString() {
        return jid + " (" + real + ", " + role.xml() + ")";
    }
}
