package parlance.irc.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;

/**
 * One IRC channel as a room of one user (XEP-0045 subset): the channel's members as IRC told us (RPL_NAMREPLY,
 * JOIN, PART, QUIT, NICK, KICK; RFC 2812 §3.2, §5.1), which of the user's resources are occupants, the join
 * presences waiting for RPL_ENDOFNAMES, and the topic. Only touched on its session's event loop.
 */
final class Room {
    /** A channel member: the nickname as IRC spells it and its mode prefix ({@code @}, {@code +} or space). */
    record Member(String nick, char mode) {
    }

    final String channel;
    final Jid jid;
    final Set<Jid> occupants = new LinkedHashSet<>();
    final List<Stanza> pending = new ArrayList<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Member> names = new LinkedHashMap<>();
    /** Away members (folded nick → away message, empty when unknown), from WHO, 301 and AWAY (RFC 2812 §4.1). */
    private final Map<String, String> away = new HashMap<>();
    boolean joined;
    String topic;

    Room(String channel, Jid jid) {
        this.channel = channel;
        this.jid = jid;
    }

    /** True while a resource is in the room or on its way in. */
    boolean inUse() {
        return !occupants.isEmpty() || !pending.isEmpty();
    }

    Member member(String nick) {
        return members.get(IrcNames.fold(nick));
    }

    Collection<Member> members() {
        return members.values();
    }

    void put(String nick, char mode) {
        members.put(IrcNames.fold(nick), new Member(nick, mode));
    }

    Member remove(String nick) {
        away.remove(IrcNames.fold(nick));
        return members.remove(IrcNames.fold(nick));
    }

    /** The away message of a member ({@code ""} when unknown), or {@code null} while it is here. */
    String away(String nick) {
        return away.get(IrcNames.fold(nick));
    }

    /**
     * Records that a member is away with {@code message} ({@code ""}: unknown, which keeps a known message) or
     * here ({@code null}); returns {@code true} when that changes what occupants should see.
     */
    boolean setAway(String nick, String message) {
        String key = IrcNames.fold(nick);
        String was = away.get(key);
        if (!members.containsKey(key)) {
            return false;
        }
        String now = message != null && message.isEmpty() && was != null ? was : message;
        if (Objects.equals(was, now)) {
            return false;
        }
        if (now == null) {
            away.remove(key);
        } else {
            away.put(key, now);
        }
        return true;
    }

    /** Adds one RPL_NAMREPLY list ({@code @op +voiced plain}; other prefixes of common servers count as op). */
    void addNames(String list) {
        for (String word : list.trim().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            char first = word.charAt(0);
            char mode = "~&@%".indexOf(first) >= 0 ? '@' : first == '+' ? '+' : ' ';
            String nick = mode == ' ' ? word : word.substring(1);
            names.put(IrcNames.fold(nick), new Member(nick, mode));
        }
    }

    /** RPL_ENDOFNAMES: the collected names become the member list. */
    void endOfNames() {
        members.clear();
        members.putAll(names);
        names.clear();
        away.keySet().retainAll(members.keySet());
    }
}
