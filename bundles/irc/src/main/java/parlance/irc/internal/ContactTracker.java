package parlance.irc.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import parlance.api.address.Jid;

/**
 * The presence of one user's IRC contacts {@code nick@gateway} (XEP-0100 §4.4: the gateway sends the presence of
 * legacy contacts; §4.5: unavailable from each of them at log out). Online state comes from ISON (RFC 2812 §4.9:
 * RPL_ISON lists the queried nicknames that are on IRC), asked when a contact is added or probed and at each poll,
 * and sooner from what the connection sees anyway: JOIN, QUIT and NICK of users in shared channels. Away state
 * comes from 352 RPL_WHOREPLY flags, 301 RPL_AWAY and IRCv3 {@code away-notify}. A presence goes to the user's
 * bare JID only when a contact's state changes (the first state learnt counts as a change), so polling sends
 * nothing while nothing changes. Confined to the session's event loop.
 */
final class ContactTracker {
    /** What the user last saw of a contact: offline, or online and here ({@code away == null}) or away. */
    private record State(boolean online, String away) {
    }

    /** ISON nicknames per line, well under the 512-byte line limit (RFC 2812 §2.3) with 30-character nicks. */
    private static final int PER_ISON = 12;

    private final IrcSession session;
    private final ContactLists lists;
    private final Map<String, State> states = new HashMap<>();
    /** The nicknames of {@link #states} as IRC last spelt them (folded → spelt), for their addresses. */
    private final Map<String, String> spelt = new HashMap<>();
    /** The ISON queries sent and not yet answered, in order (a server answers in the order it was asked). */
    private final Queue<List<String>> asked = new ArrayDeque<>();

    ContactTracker(IrcSession session, ContactLists lists) {
        this.session = session;
        this.lists = lists;
    }

    /**
     * One round of ISON for every contact: at log in ({@code force}), and at each poll unless the last round is still
     * unanswered.
     */
    void poll(boolean force) {
        List<String> nicks = lists.of(session.user);
        Set<String> folded = new HashSet<>();
        nicks.forEach(n -> folded.add(IrcNames.fold(n)));
        states.keySet().retainAll(folded);
        spelt.keySet().retainAll(folded);
        if (!asked.isEmpty() && !force) {
            return;
        }
        for (int i = 0; i < nicks.size(); i += PER_ISON) {
            ask(nicks.subList(i, Math.min(nicks.size(), i + PER_ISON)));
        }
    }

    /**
     * A contact was added (XEP-0100 §4.6) or probed (RFC 6121 §4.3.2): {@code answer} gets its current state when
     * known; otherwise ISON asks for it and the user's bare JID gets it once known.
     */
    void track(String nick, Jid answer) {
        State known = states.get(IrcNames.fold(nick));
        if (known == null) {
            ask(List.of(nick));
        } else {
            send(nick, known, answer);
        }
    }

    /** The contact was removed (XEP-0100 §4.7): no more presence for it. */
    void untrack(String nick) {
        states.remove(IrcNames.fold(nick));
        spelt.remove(IrcNames.fold(nick));
    }

    private void ask(List<String> nicks) {
        List<String> valid = nicks.stream().filter(IrcNames::isNick).toList();
        if (!valid.isEmpty()) {
            asked.add(valid);
            session.send(IrcLine.of("ISON", String.join(" ", valid)));
        }
    }

    /** RPL_ISON (303): the asked nicknames listed are online, the others offline. */
    void ison(String online) {
        List<String> batch = asked.poll();
        if (batch == null) {
            return;
        }
        Set<String> on = new HashSet<>();
        for (String nick : online.trim().split(" +")) {
            on.add(IrcNames.fold(nick));
        }
        for (String nick : batch) {
            seen(nick, on.contains(IrcNames.fold(nick)));
        }
    }

    /** ERR_UNKNOWNCOMMAND (421) for ISON: no answers will come, so no round waits for them. */
    void unanswered() {
        asked.clear();
    }

    /** The contact is online (keeping its away state) or offline, as ISON, JOIN, QUIT or NICK showed. */
    void seen(String nick, boolean online) {
        State was = states.get(IrcNames.fold(nick));
        update(nick, new State(online, online && was != null ? was.away() : null));
    }

    /**
     * The contact is online and away with {@code message} ({@code ""}: unknown, which keeps a known message) or
     * here ({@code null}), as 352, 301 or AWAY showed.
     */
    void away(String nick, String message) {
        State was = states.get(IrcNames.fold(nick));
        boolean keep = message != null && message.isEmpty() && was != null && was.away() != null;
        update(nick, new State(true, keep ? was.away() : message));
    }

    private void update(String nick, State now) {
        if (!lists.contains(session.user, nick)) {
            return;
        }
        spelt.put(IrcNames.fold(nick), nick);
        if (Objects.equals(states.put(IrcNames.fold(nick), now), now)) {
            return;
        }
        send(nick, now, session.user);
    }

    private void send(String nick, State state, Jid to) {
        Jid from = session.addresses.entity(nick);
        if (from != null) {
            session.router.route(Out.contact(from, to, state.online(), state.away()));
        }
    }

    /** Log out (XEP-0100 §4.5): unavailable from every contact the user saw online; nothing is tracked after. */
    void closeAll() {
        List<String> online = new ArrayList<>();
        states.forEach((folded, s) -> {
            if (s.online()) {
                online.add(spelt.getOrDefault(folded, folded));
            }
        });
        for (String nick : online) {
            send(nick, new State(false, null), session.user);
        }
        states.clear();
        spelt.clear();
        asked.clear();
    }
}
