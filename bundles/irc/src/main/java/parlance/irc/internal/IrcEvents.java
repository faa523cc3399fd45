package parlance.irc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * What the IRC server says, as stanzas to the user (RFC 2812 §3 commands, §5 replies → XEP-0045 and RFC 6121):
 * RPL_NAMREPLY/RPL_ENDOFNAMES become the occupant list, the self-presence (status 110) and the subject (§7.2.3,
 * §7.2.15); other users' JOIN, PART, QUIT, KICK and NICK become occupant presence (§7.2.4, §7.14, §8.2, §7.6);
 * PRIVMSG and NOTICE to a channel become groupchat messages, to the user chat messages from {@code nick@gateway};
 * TOPIC becomes a subject message; join errors become presence errors (§7.2.6-§7.2.10); WHO, RPL_AWAY, ISON,
 * AWAY and CAP go to {@link IrcPresence}. Runs on the session's event loop.
 */
final class IrcEvents {
    private static final Logger LOG = LoggerFactory.getLogger(IrcEvents.class);

    private final IrcSession session;

    IrcEvents(IrcSession session) {
        this.session = session;
    }

    void handle(IrcLine line) {
        switch (line.command()) {
            case "001" -> session.welcomed(line.param(0));
            case "432", "433", "436", "437" -> session.nickRefused("The nickname " + line.param(1)
                    + " cannot be used on IRC: " + line.trailing());
            case "353" -> room(line.param(2)).ifPresent(r -> r.addNames(line.trailing()));
            case "366" -> room(line.param(1)).ifPresent(this::endOfNames);
            case "332" -> room(line.param(1)).ifPresent(r -> r.topic = line.trailing());
            case "JOIN" -> joined(line);
            case "PART" -> parted(line.nick(), line.param(0), line.params().size() > 1 ? line.trailing() : null);
            case "QUIT" -> quit(line.nick(), line.trailing());
            case "KICK" -> kicked(line.param(0), line.param(1), line.param(2));
            case "NICK" -> nickChanged(line.nick(), line.trailing());
            case "TOPIC" -> room(line.param(0)).ifPresent(r -> topic(r, line.nick(), line.trailing()));
            case "PRIVMSG", "NOTICE" -> message(line);
            case "352" -> session.presence.whoReply(line);
            case "301" -> session.presence.awayReply(line);
            case "303" -> session.presence.contacts.ison(line.trailing());
            case "AWAY" -> session.presence.awayNotify(line);
            case "CAP" -> session.presence.cap(line);
            case "421" -> {
                if ("ISON".equalsIgnoreCase(line.param(1))) {
                    session.presence.contacts.unanswered();
                }
            }
            case "401" -> noSuchNick(line.param(1), line.trailing());
            case "403", "405", "471", "473", "474", "475", "476", "477" -> joinError(line);
            case "ERROR" -> LOG.info("IRC server error for {}: {}", session.user, line.trailing());
            default -> LOG.trace("IRC {}: {}", session.user, line);
        }
    }

    private Optional<Room> room(String channel) {
        return Optional.ofNullable(session.rooms.get(IrcNames.fold(channel)));
    }

    private boolean isMe(String nick) {
        return IrcNames.same(nick, session.nick);
    }

    private void endOfNames(Room room) {
        room.endOfNames();
        if (room.joined) {
            return;
        }
        room.joined = true;
        for (Stanza join : room.pending) {
            room.occupants.add(join.from());
            sendRoomState(session, room, join);
        }
        room.pending.clear();
        session.presence.entered(room);
    }

    /**
     * To a resource that entered (§7.2.3): every other member's presence, then its own with status 110 (and 210
     * when the IRC nick differs from the nick it asked for), then the subject (§7.2.15).
     */
    static void sendRoomState(IrcSession session, Room room, Stanza join) {
        Jid to = join.from();
        char myMode = ' ';
        for (Room.Member m : room.members()) {
            if (IrcNames.same(m.nick(), session.nick)) {
                myMode = m.mode();
                continue;
            }
            Jid from = session.addresses.occupant(room.jid, m.nick());
            String away = room.away(m.nick());
            if (from != null) {
                session.router.route(away == null ? Out.occupant(from, to, true, m.mode(), null, null, List.of())
                        : Out.occupantAway(from, to, m.mode(), away));
            }
        }
        String asked = join.to().resource();
        List<Integer> codes = asked == null || asked.equals(session.nick) ? List.of(Out.SELF)
                : List.of(Out.SELF, Out.NICK_ASSIGNED);
        session.router.route(Out.occupant(session.addresses.occupant(room.jid, session.nick), to, true, myMode, null,
                null, codes));
        session.router.route(Out.subject(room.jid, to, room.topic));
    }

    private void joined(IrcLine line) {
        String nick = line.nick();
        if (!isMe(nick)) {
            session.presence.contacts.seen(nick, true);
        }
        room(line.param(0)).filter(r -> !isMe(nick)).ifPresent(r -> {
            r.put(nick, ' ');
            toOccupants(r, nick, occupant -> Out.occupant(occupant, null, true, ' ', null, null, List.of()));
        });
    }

    private void parted(String nick, String channel, String reason) {
        room(channel).filter(r -> !isMe(nick) && r.remove(nick) != null).ifPresent(r -> toOccupants(r, nick,
                occupant -> Out.occupant(occupant, null, false, ' ', null, reason, List.of())));
    }

    private void quit(String nick, String reason) {
        if (!isMe(nick)) {
            session.presence.contacts.seen(nick, false);
        }
        for (Room r : session.rooms.values()) {
            if (!isMe(nick) && r.remove(nick) != null) {
                toOccupants(r, nick, occupant -> Out.occupant(occupant, null, false, ' ', null, reason, List.of()));
            }
        }
    }

    private void kicked(String channel, String victim, String reason) {
        room(channel).ifPresent(r -> {
            r.remove(victim);
            List<Integer> codes = isMe(victim) ? List.of(Out.SELF, Out.KICKED) : List.of(Out.KICKED);
            toOccupants(r, victim, occupant -> Out.occupant(occupant, null, false, ' ', null, reason, codes));
            if (isMe(victim)) {
                session.rooms.remove(IrcNames.fold(channel));
                session.quitIfUnused();
            }
        });
    }

    /** §7.6: unavailable from the old nick with 303 and the new nick, then available from the new one. */
    private void nickChanged(String old, String now) {
        boolean me = isMe(old);
        if (me) {
            session.nick = now;
        } else {
            session.presence.contacts.seen(old, false);
            session.presence.contacts.seen(now, true);
        }
        List<Integer> self = me ? List.of(Out.SELF) : List.of();
        List<Integer> gone = me ? List.of(Out.SELF, Out.NICK_CHANGED) : List.of(Out.NICK_CHANGED);
        for (Room r : session.rooms.values()) {
            String away = r.away(old);
            Room.Member m = me ? r.member(old) : r.remove(old);
            if (m == null && !me) {
                continue;
            }
            char mode = m == null ? ' ' : m.mode();
            if (me) {
                r.remove(old);
            }
            r.put(now, mode);
            r.setAway(now, away);
            toOccupants(r, old, occupant -> Out.occupant(occupant, null, false, mode, now, null, gone));
            toOccupants(r, now, occupant -> away == null || me ? Out.occupant(occupant, null, true, mode, null, null,
                    self) : Out.occupantAway(occupant, null, mode, away));
        }
    }

    private void topic(Room room, String nick, String topic) {
        room.topic = topic;
        toOccupants(room, nick, occupant -> Out.subject(occupant, null, topic));
    }

    private void message(IrcLine line) {
        String text = line.trailing();
        if (IrcText.isCtcpQuery(text)) {
            return; // CTCP VERSION, PING...: not for people
        }
        String target = line.param(0);
        String body = IrcText.fromIrc(text);
        if (IrcNames.isChannel(target)) {
            room(target).filter(r -> r.joined).ifPresent(r -> toOccupants(r, line.nick(),
                    occupant -> Out.message(occupant, null, "groupchat", body, null)));
        } else if (line.fromUser()) {
            Jid from = session.addresses.entity(line.nick());
            if (from != null) {
                session.router.route(Out.message(from, session.user, "chat", body, null));
            }
        }
    }

    private void noSuchNick(String nick, String text) {
        Jid from = session.addresses.entity(nick);
        if (from != null) {
            session.router.route(Out.errorMessage(from, session.user, StanzaError.ITEM_NOT_FOUND, text));
        }
    }

    private void joinError(IrcLine line) {
        StanzaError condition = switch (line.command()) {
            case "403" -> StanzaError.ITEM_NOT_FOUND;
            case "471" -> StanzaError.SERVICE_UNAVAILABLE;
            case "473" -> StanzaError.REGISTRATION_REQUIRED;
            case "474" -> StanzaError.FORBIDDEN;
            case "475" -> StanzaError.NOT_AUTHORIZED;
            case "476" -> StanzaError.JID_MALFORMED;
            default -> StanzaError.NOT_ALLOWED;
        };
        Room room = session.rooms.get(IrcNames.fold(line.param(1)));
        if (room == null || room.joined) {
            return;
        }
        session.rooms.remove(IrcNames.fold(line.param(1)));
        for (Stanza join : room.pending) {
            Stanza error = Stanzas.error(join, condition, line.trailing());
            if (error != null) {
                session.router.route(error);
            }
        }
        session.quitIfUnused();
    }

    /** Sends one stanza per occupant resource, from {@code room/nick}; {@code build} gets the sender address. */
    private void toOccupants(Room room, String nick, Function<Jid, Stanza> build) {
        toOccupants(session, room, nick, build);
    }

    /** As {@link #toOccupants(Room, String, Function)}, for the other mappers of {@code session}. */
    static void toOccupants(IrcSession session, Room room, String nick, Function<Jid, Stanza> build) {
        Jid from = session.addresses.occupant(room.jid, nick);
        if (from == null || !room.joined) {
            return;
        }
        Stanza template = build.apply(from);
        for (Jid occupant : new ArrayList<>(room.occupants)) {
            session.router.route(Out.readdressed(template, occupant));
        }
    }
}
