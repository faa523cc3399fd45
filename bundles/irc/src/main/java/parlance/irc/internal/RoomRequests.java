package parlance.irc.internal;

import java.util.ArrayList;
import java.util.List;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * What the user asks of a channel through its room address (XEP-0045 subset), turned into IRC commands of RFC 2812
 * §3.2 and §3.3: entering (§7.2: JOIN, answered once RPL_ENDOFNAMES has listed the members), leaving (§7.14: PART
 * when the user's last resource leaves), groupchat messages (§7.4: PRIVMSG, reflected to the user's resources as
 * IRC does not echo them), subject changes (§8.1: TOPIC) and private messages to an occupant (§7.5). Runs on the
 * session's event loop.
 */
final class RoomRequests {
    private final IrcSession session;

    RoomRequests(IrcSession session) {
        this.session = session;
    }

    /** Presence to {@code #channel@gateway/nick}: enter, or a presence change of an occupant. */
    void join(Stanza presence, String channel) {
        Jid resource = presence.from();
        Room room = session.rooms.computeIfAbsent(IrcNames.fold(channel), k -> new Room(channel,
                presence.to().bare()));
        session.updateAway(presence);
        if (room.occupants.contains(resource)) {
            return; // a presence update of an occupant: AWAY was all it meant
        }
        if (room.joined) {
            room.occupants.add(resource);
            IrcEvents.sendRoomState(session, room, presence);
            return;
        }
        boolean first = room.pending.isEmpty();
        room.pending.add(presence);
        if (first) {
            session.send(IrcLine.of("JOIN", channel));
        }
        session.needConnection(null);
    }

    /** Unavailable presence to the room: the resource leaves; the last one PARTs the channel. */
    void leave(Stanza presence, String channel) {
        Jid resource = presence.from();
        Room room = session.rooms.get(IrcNames.fold(channel));
        if (room != null) {
            room.pending.removeIf(p -> p.from().equals(resource));
            if (room.occupants.remove(resource)) {
                session.router.route(Out.occupant(session.addresses.occupant(room.jid, session.nick), resource,
                        false, ' ', null, null, List.of(Out.SELF)));
            }
            if (!room.inUse()) {
                session.rooms.remove(IrcNames.fold(channel));
                session.send(IrcLine.of("PART", room.channel));
            }
        }
        session.quitIfUnused();
    }

    /** A groupchat message from an occupant: PRIVMSG per line (and TOPIC for a subject), reflected (§7.2.2). */
    void groupchat(Stanza message, String channel) {
        Room room = session.rooms.get(IrcNames.fold(channel));
        if (room == null || !room.occupants.contains(message.from())) {
            reject(message, StanzaError.NOT_ACCEPTABLE, "Join the room before sending to it");
            return;
        }
        String subject = message.element().elementText("subject");
        String body = message.element().elementText("body");
        if (subject != null && body == null) {
            session.send(IrcLine.text("TOPIC", room.channel, subject));
            return;
        }
        if (body == null || body.isBlank()) {
            return; // chat states and other bodiless messages have no IRC form
        }
        for (String text : IrcText.toIrc(body)) {
            session.send(IrcLine.text("PRIVMSG", room.channel, text));
        }
        Jid self = session.addresses.occupant(room.jid, session.nick);
        for (Jid occupant : new ArrayList<>(room.occupants)) {
            session.router.route(Out.message(self, occupant, "groupchat", body, message.id()));
        }
    }

    /** A message to {@code nick@gateway} or to an occupant {@code #channel@gateway/nick}: PRIVMSG nick. */
    void privateMessage(Stanza message, String nick) {
        if (!IrcNames.isNick(nick)) {
            reject(message, StanzaError.ITEM_NOT_FOUND, "No such IRC nickname: " + nick);
            return;
        }
        String body = message.element().elementText("body");
        if (body == null || body.isBlank()) {
            return;
        }
        for (String text : IrcText.toIrc(body)) {
            session.send(IrcLine.text("PRIVMSG", nick, text));
        }
    }

    private void reject(Stanza stanza, StanzaError condition, String text) {
        Stanza error = Stanzas.error(stanza, condition, text);
        if (error != null) {
            session.router.route(error);
        }
    }
}
