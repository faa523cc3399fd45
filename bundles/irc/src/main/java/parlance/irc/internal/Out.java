package parlance.irc.internal;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The stanzas the gateway sends, each a new element (stanzas are values): occupant presence with its
 * {@code muc#user} item and status codes (XEP-0045 §7.2.3, §15.6.2), groupchat and subject messages (§7.4,
 * §7.2.15), one-to-one messages, and the gateway's own presence (XEP-0100 §4.1.1, §4.4).
 */
final class Out {
    static final String MUC = "http://jabber.org/protocol/muc";
    static final String MUC_USER = MUC + "#user";
    /** XEP-0045 §15.6.2: the presence refers to the occupant itself. */
    static final int SELF = 110;
    /** The service assigned or modified the occupant's nick (the IRC nick differs from the requested one). */
    static final int NICK_ASSIGNED = 210;
    /** Nick change (§7.6), with the new nick in the item. */
    static final int NICK_CHANGED = 303;
    /** Kicked (§8.2). */
    static final int KICKED = 307;
    /** Removed because the service is shutting down (§15.6.2). */
    static final int SHUTDOWN = 332;
    /** Removed because of an error, here: the IRC connection was lost (§15.6.2). */
    static final int ERROR = 333;

    private Out() {
    }

    /** Sets {@code from} and, unless {@code null} (a template for {@link #readdressed}), {@code to}. */
    private static void address(Element stanza, Jid from, Jid to) {
        stanza.addAttribute("from", from.toString());
        if (to != null) {
            stanza.addAttribute("to", to.toString());
        }
    }

    /** A copy of {@code template} addressed to {@code to} (one per resource of the user). */
    static Stanza readdressed(Stanza template, Jid to) {
        Element copy = template.element().createCopy();
        copy.addAttribute("to", to.toString());
        return Stanza.of(copy, template.from(), to);
    }

    /** A presence of {@code type} ({@code null} for available). */
    static Stanza presence(Jid from, Jid to, String type) {
        Element p = Stanzas.newElement(Stanza.Kind.PRESENCE);
        address(p, from, to);
        if (type != null) {
            p.addAttribute("type", type);
        }
        return Stanza.of(p, from, to);
    }

    /**
     * An occupant's presence: available or {@code unavailable}, the item's role and affiliation from the IRC
     * channel mode prefix ({@code @} operator → moderator/admin, {@code +} voice → participant/member), an optional
     * new nick (§7.6), the status codes and an optional status text.
     */
    static Stanza occupant(Jid occupant, Jid to, boolean available, char mode, String newNick, String status,
            List<Integer> codes) {
        return occupant(occupant, to, available, mode, newNick, null, status, codes);
    }

    /**
     * An available occupant's presence with the IRC user's away state (RFC 2812 §4.1, 352 flag {@code G}, 301):
     * {@code <show>away</show>} and the away message as status when {@code away} is non-null (empty: away
     * without a known message), plain available otherwise (XEP-0045 §7.7, presence broadcast).
     */
    static Stanza occupantAway(Jid occupant, Jid to, char mode, String away) {
        return occupant(occupant, to, true, mode, null, away == null ? null : "away", away, List.of());
    }

    private static Stanza occupant(Jid occupant, Jid to, boolean available, char mode, String newNick, String show,
            String status, List<Integer> codes) {
        Stanza s = presence(occupant, to, available ? null : "unavailable");
        Element p = s.element();
        showAndStatus(p, show, status);
        Element x = p.addElement(QName.get("x", MUC_USER));
        Element item = x.addElement(QName.get("item", MUC_USER));
        item.addAttribute("affiliation", mode == '@' ? "admin" : mode == '+' ? "member" : "none");
        item.addAttribute("role", !available ? "none" : mode == '@' ? "moderator" : "participant");
        if (newNick != null) {
            item.addAttribute("nick", newNick);
        }
        for (int code : codes) {
            x.addElement(QName.get("status", MUC_USER)).addAttribute("code", Integer.toString(code));
        }
        return s;
    }

    /**
     * The presence of a contact {@code nick@gateway} (XEP-0100 §4.4, §4.6; RFC 2812 §4.9 ISON, §4.1 AWAY):
     * unavailable when offline; available, with {@code <show>away</show>} and the away message when {@code away}
     * is non-null (empty: away without a known message), when online.
     */
    static Stanza contact(Jid contact, Jid to, boolean online, String away) {
        Stanza s = presence(contact, to, online ? null : "unavailable");
        if (online) {
            showAndStatus(s.element(), away == null ? null : "away", away);
        }
        return s;
    }

    private static void showAndStatus(Element p, String show, String status) {
        if (show != null) {
            p.addElement(QName.get("show", Namespaces.CLIENT)).setText(show);
        }
        if (status != null && !status.isEmpty()) {
            p.addElement(QName.get("status", Namespaces.CLIENT)).setText(status);
        }
    }

    /** A message of {@code type} with a body and an optional id (the sender's, when reflecting, §7.2.2). */
    static Stanza message(Jid from, Jid to, String type, String body, String id) {
        Element m = Stanzas.newElement(Stanza.Kind.MESSAGE);
        address(m, from, to);
        m.addAttribute("type", type);
        if (id != null) {
            m.addAttribute("id", id);
        }
        m.addElement(QName.get("body", Namespaces.CLIENT)).setText(body);
        return Stanza.of(m, from, to);
    }

    /** The room subject (§7.2.15, §8.1): a groupchat message with a subject and no body; empty for none. */
    static Stanza subject(Jid from, Jid to, String subject) {
        Element m = Stanzas.newElement(Stanza.Kind.MESSAGE);
        address(m, from, to);
        m.addAttribute("type", "groupchat");
        m.addElement(QName.get("subject", Namespaces.CLIENT)).setText(subject == null ? "" : subject);
        return Stanza.of(m, from, to);
    }

    /** An error message from an IRC address that answers nothing the user sent (e.g. ERR_NOSUCHNICK). */
    static Stanza errorMessage(Jid from, Jid to, StanzaError condition, String text) {
        Element m = Stanzas.newElement(Stanza.Kind.MESSAGE);
        address(m, from, to);
        m.addAttribute("type", "error");
        m.add(Stanzas.errorElement(condition, text));
        return Stanza.of(m, from, to);
    }
}
