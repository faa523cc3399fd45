package parlance.irc.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import parlance.api.address.Jid;

/**
 * The IRC nicknames each user has in its roster as contacts {@code nick@gateway} (XEP-0100 §4.6 Add Contact, §4.7
 * Delete Contact), learnt from the {@code subscribe} and {@code unsubscribe} stanzas the user sends them and from
 * the presence probes the user's server sends them (RFC 6121 §4.3.1). Kept in memory only: after a restart the
 * server's probes at the user's next login fill them again. Thread-safe; read by the sessions when they poll.
 */
final class ContactLists {
    private final Map<Jid, Map<String, String>> lists = new ConcurrentHashMap<>();

    /** Adds {@code nick} to the contacts of {@code user} (a bare JID); {@code true} when it is new. */
    boolean add(Jid user, String nick) {
        return lists.computeIfAbsent(user, u -> new ConcurrentHashMap<>()).putIfAbsent(IrcNames.fold(nick), nick)
                == null;
    }

    /** Removes {@code nick} from the contacts of {@code user}. */
    void remove(Jid user, String nick) {
        lists.computeIfPresent(user, (u, nicks) -> {
            nicks.remove(IrcNames.fold(nick));
            return nicks.isEmpty() ? null : nicks;
        });
    }

    /** True when {@code user} tracks {@code nick}. */
    boolean contains(Jid user, String nick) {
        Map<String, String> nicks = lists.get(user);
        return nicks != null && nicks.containsKey(IrcNames.fold(nick));
    }

    /** The nicknames {@code user} tracks, as first spelt, in no particular order. */
    List<String> of(Jid user) {
        Map<String, String> nicks = lists.get(user);
        return nicks == null ? List.of() : List.copyOf(nicks.values());
    }

    /** Forgets every contact of {@code user} (unregistration, XEP-0100 §4.3). */
    void forget(Jid user) {
        lists.remove(user);
    }
}
