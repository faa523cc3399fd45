package parlance.irc.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * One user's IRC connection (XEP-0100 §4.4 log in, §4.5 log out) and everything it carries. Created for a
 * registered user's first available presence; connects and registers (RFC 2812 §3.1: PASS, NICK, USER), sends
 * what waited once RPL_WELCOME arrives, and QUITs when the user's last resource has gone. Stanzas that needed the
 * connection are answered {@code remote-server-not-found} or {@code remote-server-timeout} when it cannot be
 * made (RFC 6120 §8.3.3.16/17), joins {@code conflict} when the nick is taken (XEP-0045 §7.2.9).
 *
 * <p>Confined to one event loop: the connection's reads arrive on it and {@link #execute} puts the gateway's
 * calls on it, so the state needs no locks and nothing ever blocks a loop. What IRC says is mapped by
 * {@link IrcEvents}.
 */
final class IrcSession implements IrcConnector.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(IrcSession.class);

    enum State { NEW, CONNECTING, REGISTERING, ONLINE, CLOSED }

    final Jid user;
    final Addresses addresses;
    final Router router;
    final Map<String, Room> rooms = new HashMap<>();
    final Set<Jid> gatewayResources = new LinkedHashSet<>();
    private final Registration registration;
    private final IrcConnector connector;
    private final EventLoop loop;
    private final Runnable onClose;
    private final IrcEvents events;
    final RoomRequests requests;
    final IrcPresence presence;
    private final List<Stanza> waiting = new ArrayList<>();
    private final List<IrcLine> queued = new ArrayList<>();
    private State state = State.NEW;
    private Channel channel;
    private ScheduledFuture<?> timeout;
    private String away;
    String nick;

    IrcSession(Jid user, Registration registration, Addresses addresses, Router router, IrcConnector connector,
            ContactLists contacts, int pollSeconds, Runnable onClose) {
        this.user = user;
        this.registration = registration;
        this.addresses = addresses;
        this.router = router;
        this.connector = connector;
        this.loop = connector.nextLoop();
        this.onClose = onClose;
        this.nick = registration.nick();
        this.events = new IrcEvents(this);
        this.requests = new RoomRequests(this);
        this.presence = new IrcPresence(this, contacts, pollSeconds);
    }

    /** Runs {@code task} on this session's event loop. */
    void execute(Runnable task) {
        loop.execute(task);
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    boolean isOnline() {
        return state == State.ONLINE;
    }

    /** Available presence to the gateway itself (XEP-0100 §4.4): logs in, or updates AWAY. */
    void online(Stanza presence) {
        gatewayResources.add(presence.from());
        if (state == State.ONLINE) {
            router.route(Out.presence(addresses.gateway(), presence.from(), null));
        }
        updateAway(presence);
        needConnection(presence);
    }

    /** Unavailable presence to the gateway (XEP-0100 §4.5): QUIT once no resource is left. */
    void offline(Jid resource) {
        gatewayResources.remove(resource);
        quitIfUnused();
    }

    /** A resource left a room or went offline: QUIT when no resource uses the gateway any more. */
    void quitIfUnused() {
        boolean used = !gatewayResources.isEmpty() || rooms.values().stream().anyMatch(Room::inUse);
        if (!used && state != State.CLOSED) {
            close(null, "Signed off");
        }
    }

    /** Away mapping (RFC 2812 §4.1 AWAY): show away, xa or dnd set it with the status text, others clear it. */
    void updateAway(Stanza presence) {
        String show = presence.element().elementTextTrim("show");
        String status = presence.element().elementTextTrim("status");
        String text = "away".equals(show) || "xa".equals(show) || "dnd".equals(show)
                ? (status == null || status.isEmpty() ? show : status) : null;
        if (Objects.equals(text, away)) {
            return;
        }
        away = text;
        send(text == null ? IrcLine.text("AWAY") : IrcLine.text("AWAY", text));
    }

    /** Connects unless connected; {@code stanza} is answered with an error if that fails. */
    void needConnection(Stanza stanza) {
        if (state == State.ONLINE) {
            return;
        }
        if (stanza != null) {
            waiting.add(stanza);
        }
        if (state == State.NEW) {
            connect();
        }
    }

    /** Sends a line now, or after registration when not yet registered. */
    void send(IrcLine line) {
        if (state == State.ONLINE) {
            write(line);
        } else if (state != State.CLOSED) {
            queued.add(line);
        }
    }

    /** Writes a line now, registered or not (CAP negotiation happens before RPL_WELCOME). */
    void write(IrcLine line) {
        channel.writeAndFlush(line.format() + "\r\n");
    }

    private void connect() {
        state = State.CONNECTING;
        timeout = loop.schedule(() -> fail(StanzaError.REMOTE_SERVER_TIMEOUT,
                "The IRC server did not answer in time"), connector.timeoutMillis(), TimeUnit.MILLISECONDS);
        ChannelFuture f = connector.connect(loop, this);
        channel = f.channel();
        f.addListener(done -> {
            if (state != State.CONNECTING) {
                channel.close();
            } else if (!done.isSuccess()) {
                boolean slow = done.cause() instanceof ConnectTimeoutException;
                fail(slow ? StanzaError.REMOTE_SERVER_TIMEOUT : StanzaError.REMOTE_SERVER_NOT_FOUND,
                        "Cannot reach the IRC server: " + done.cause().getMessage());
            } else {
                state = State.REGISTERING;
                write(IrcLine.of("CAP", "LS", "302")); // IRCv3: away-notify if offered (IrcPresence.cap)
                if (!registration.password().isEmpty()) {
                    write(IrcLine.text("PASS", registration.password()));
                }
                write(IrcLine.of("NICK", nick));
                write(IrcLine.text("USER", "xmpp", "0", "*", nick));
            }
        });
    }

    /** RPL_WELCOME (RFC 2812 §5.1, 001): registered; the queued lines go out, the user sees the gateway online. */
    void welcomed(String assignedNick) {
        if (state != State.REGISTERING) {
            return;
        }
        state = State.ONLINE;
        nick = assignedNick.isEmpty() ? nick : assignedNick;
        cancelTimeout();
        waiting.clear();
        queued.forEach(this::write);
        queued.clear();
        presence.loggedIn(loop);
        for (Jid resource : gatewayResources) {
            router.route(Out.presence(addresses.gateway(), resource, null));
        }
    }

    /** ERR_NICKNAMEINUSE and friends during registration: every waiting stanza gets {@code conflict}. */
    void nickRefused(String text) {
        if (state == State.REGISTERING || state == State.CONNECTING) {
            fail(StanzaError.CONFLICT, text);
        }
    }

    /** Answers every stanza that waited for the connection with {@code condition}, then closes. */
    void fail(StanzaError condition, String text) {
        if (state == State.ONLINE || state == State.CLOSED) {
            return;
        }
        LOG.info("IRC connection of {} failed: {}", user, text);
        List<Stanza> answered = new ArrayList<>(waiting);
        rooms.values().forEach(r -> answered.addAll(r.pending));
        for (Stanza s : new LinkedHashSet<>(answered)) {
            Stanza error = Stanzas.error(s, condition, text);
            if (error != null) {
                router.route(error);
            }
        }
        waiting.clear();
        rooms.clear();
        gatewayResources.clear();
        close(null, null);
    }

    /**
     * Ends the session: QUIT with {@code reason} (when one is given and the connection is up), tells every
     * occupant resource it left its rooms (with {@code code}, e.g. 332 shutdown) and every gateway resource that
     * the gateway is offline. Returns when the QUIT is written.
     */
    Future<Void> close(Integer code, String reason) {
        Promise<Void> done = loop.newPromise();
        if (state == State.CLOSED) {
            return done.setSuccess(null);
        }
        onClose.run();
        State was = state;
        state = State.CLOSED;
        cancelTimeout();
        for (Room room : rooms.values()) {
            for (Jid occupant : room.occupants) {
                List<Integer> codes = code == null ? List.of(Out.SELF) : List.of(Out.SELF, code);
                router.route(Out.occupant(addresses.occupant(room.jid, nick), occupant, false, ' ', null, reason,
                        codes));
            }
        }
        rooms.clear();
        presence.loggedOut();
        for (Jid resource : gatewayResources) {
            router.route(Out.presence(addresses.gateway(), resource, "unavailable"));
        }
        gatewayResources.clear();
        if (channel != null && channel.isActive() && was == State.ONLINE && reason != null) {
            channel.writeAndFlush(IrcLine.text("QUIT", reason).format() + "\r\n")
                    .addListener(f -> channel.close().addListener(c -> done.trySuccess(null)));
        } else {
            if (channel != null) {
                channel.close();
            }
            done.setSuccess(null);
        }
        return done;
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void line(IrcLine line) {
        if ("PING".equals(line.command())) { // RFC 2812 §3.7.2, §3.7.3
            write(IrcLine.of("PONG", line.trailing()));
            return;
        }
        events.handle(line);
    }

    @Override
    public void closed() {
        if (state == State.ONLINE) {
            LOG.info("IRC server closed the connection of {}", user);
            close(Out.ERROR, "The IRC server closed the connection");
        } else {
            fail(StanzaError.REMOTE_SERVER_NOT_FOUND, "The IRC server closed the connection");
        }
    }
}
