package parlance.irc.internal;

import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * IRC users' presence, mapped to XMPP (the IRC-to-XMPP half of "presence both ways"; the other half is
 * {@link IrcSession#updateAway}): the away state of channel members becomes occupant presence with
 * {@code <show>away</show>} (XEP-0045 §7.7) and the online and away state of contacts becomes their presence
 * ({@link ContactTracker}, XEP-0100 §4.4).
 *
 * <p>Sources: {@code WHO #channel} when a channel is entered and then at every poll (RFC 2812 §3.6.1: each 352
 * RPL_WHOREPLY carries {@code H} here or {@code G} gone), 301 RPL_AWAY with the away message (§6, the answer to a
 * PRIVMSG to an away user), and, when the server offers it, the IRCv3 capability {@code away-notify} (asked with
 * {@code CAP LS 302}/{@code CAP REQ}, ircv3.net capability negotiation), which pushes {@code AWAY} changes of users
 * in shared channels and makes the WHO polling unnecessary (the WHO at entry stays: away-notify reports changes
 * only). Occupants get a presence only when a member's state changed. Confined to the session's event loop.
 */
final class IrcPresence {
    static final String AWAY_NOTIFY = "away-notify";

    private final IrcSession session;
    final ContactTracker contacts;
    private final int pollSeconds;
    private final Set<String> offered = new HashSet<>();
    private boolean awayNotify;
    private ScheduledFuture<?> polling;

    IrcPresence(IrcSession session, ContactLists lists, int pollSeconds) {
        this.session = session;
        this.contacts = new ContactTracker(session, lists);
        this.pollSeconds = pollSeconds;
    }

    /** RPL_WELCOME: the contacts' presence (XEP-0100 §4.4), then a poll every {@code away.poll.seconds}. */
    void loggedIn(EventLoop loop) {
        contacts.poll(true);
        if (pollSeconds > 0) {
            polling = loop.scheduleAtFixedRate(this::poll, pollSeconds, pollSeconds, TimeUnit.SECONDS);
        }
    }

    /** The session ends: no more polls, every online contact unavailable (XEP-0100 §4.5). */
    void loggedOut() {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
        contacts.closeAll();
    }

    boolean awayNotify() {
        return awayNotify;
    }

    /**
     * {@code CAP} during registration: {@code LS} (possibly over several lines, {@code *} marking more) → REQ
     * away-notify when offered, else END; {@code ACK}/{@code NAK} → END. A server without CAP answers 421, which is
     * ignored, and registers the connection after USER anyway.
     */
    void cap(IrcLine line) {
        switch (line.param(1)) {
            case "LS" -> {
                Arrays.stream(line.trailing().trim().split(" +")).map(c -> c.split("=", 2)[0]).forEach(offered::add);
                boolean more = line.params().size() > 3 && "*".equals(line.param(2));
                if (!more) {
                    session.write(offered.contains(AWAY_NOTIFY) ? IrcLine.text("CAP", "REQ", AWAY_NOTIFY)
                            : IrcLine.of("CAP", "END"));
                }
            }
            case "ACK" -> {
                awayNotify |= Arrays.asList(line.trailing().trim().split(" +")).contains(AWAY_NOTIFY);
                session.write(IrcLine.of("CAP", "END"));
            }
            case "NAK" -> session.write(IrcLine.of("CAP", "END"));
            default -> {
                // NEW, DEL, LIST: nothing the gateway asked for
            }
        }
    }

    /** The channel was entered: who of its members is away (RFC 2812 §3.6.1). */
    void entered(Room room) {
        session.send(IrcLine.of("WHO", room.channel));
    }

    /** The periodic check: WHO of each entered channel unless away-notify reports changes, then the contacts. */
    void poll() {
        if (!session.isOnline()) {
            return;
        }
        if (!awayNotify) {
            session.rooms.values().stream().filter(r -> r.joined).forEach(this::entered);
        }
        contacts.poll(false);
    }

    /** 352 RPL_WHOREPLY {@code me channel user host server nick flags :hops real}: flag G is away. */
    void whoReply(IrcLine line) {
        String nick = line.param(5);
        String away = line.param(6).startsWith("G") ? "" : null;
        Room room = session.rooms.get(IrcNames.fold(line.param(1)));
        if (room != null) {
            changed(room, nick, away);
        }
        contacts.away(nick, away);
    }

    /** 301 RPL_AWAY {@code me nick :message}: away with that message, in every channel and as a contact. */
    void awayReply(IrcLine line) {
        String message = line.params().size() > 2 ? line.trailing() : "";
        away(line.param(1), message);
    }

    /** IRCv3 away-notify: {@code :nick!u@h AWAY :message} is away, {@code AWAY} without text is back. */
    void awayNotify(IrcLine line) {
        String message = line.params().isEmpty() || line.trailing().isEmpty() ? null : line.trailing();
        away(line.nick(), message);
    }

    private void away(String nick, String message) {
        if (IrcNames.same(nick, session.nick)) {
            return;
        }
        session.rooms.values().forEach(r -> changed(r, nick, message));
        contacts.away(nick, message);
    }

    private void changed(Room room, String nick, String away) {
        if (IrcNames.same(nick, session.nick) || !room.setAway(nick, away)) {
            return;
        }
        Room.Member m = room.member(nick);
        IrcEvents.toOccupants(session, room, m.nick(), occupant -> Out.occupantAway(occupant, null, m.mode(),
                room.away(nick)));
    }
}
