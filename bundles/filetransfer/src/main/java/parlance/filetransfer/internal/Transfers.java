package parlance.filetransfer.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.util.HashMap;
import java.util.Map;
import parlance.api.stanza.StanzaError;

/**
 * The pairing of SOCKS5 connections by their destination address, SHA1(SID + initiator JID + target JID) (XEP-0065
 * §6.3.2, §6.3.3): the target connects first, the initiator second; when the initiator sends {@code <activate/>}
 * (§6.3.4) the two are joined and bytes flow. A third connection for the same address, or one past the connection
 * limit, is refused. Thread-safe; the pipeline changes of an activation run on each channel's event loop.
 */
final class Transfers {
    /** Outcome of a connection's request. */
    enum Admission { ACCEPTED, DUPLICATE, FULL }

    private final Map<String, Pending> pending = new HashMap<>();
    private final int maxConnections;
    private int connections;

    Transfers(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    private static final class Pending {
        Channel target;
        Channel initiator;
        boolean active;
    }

    /** Registers a connection that asked for {@code address}; the first is the target, the second the initiator. */
    synchronized Admission connect(String address, Channel channel) {
        if (connections >= maxConnections) {
            return Admission.FULL;
        }
        Pending p = pending.computeIfAbsent(address, k -> new Pending());
        if (p.target == null) {
            p.target = channel;
        } else if (p.initiator == null && !p.active) {
            p.initiator = channel;
        } else {
            return Admission.DUPLICATE;
        }
        connections++;
        channel.closeFuture().addListener(f -> closed(address, channel));
        return Admission.ACCEPTED;
    }

    private synchronized void closed(String address, Channel channel) {
        connections--;
        Pending p = pending.get(address);
        if (p == null) {
            return;
        }
        if (p.target == channel) {
            p.target = null;
        } else if (p.initiator == channel) {
            p.initiator = null;
        }
        if (p.target == null && p.initiator == null) {
            pending.remove(address);
        }
    }

    /**
     * Activates the transfer of {@code address} (XEP-0065 §6.3.4); returns {@code null} on success or the error
     * the proxy answers with: {@code item-not-found} when the two connections are not both there (§6.3.4 and
     * Example 27), {@code not-allowed} when the transfer was already activated.
     */
    StanzaError activate(String address, HandlerFactory relays) {
        Channel target;
        Channel initiator;
        synchronized (this) {
            Pending p = pending.get(address);
            if (p == null || p.target == null || p.initiator == null) {
                return StanzaError.ITEM_NOT_FOUND;
            }
            if (p.active) {
                return StanzaError.NOT_ALLOWED;
            }
            p.active = true;
            target = p.target;
            initiator = p.initiator;
        }
        join(target, initiator, relays);
        join(initiator, target, relays);
        return null;
    }

    private static void join(Channel from, Channel to, HandlerFactory relays) {
        from.eventLoop().execute(() -> {
            if (from.pipeline().get(Socks5Handshake.class) == null) {
                return;
            }
            from.pipeline().addLast("relay", relays.relay(to));
            from.pipeline().remove(Socks5Handshake.class); // hands on any bytes it held
            from.config().setAutoRead(true);
        });
    }

    synchronized int connections() {
        return connections;
    }

    /** Makes the handler relaying one channel's bytes to its peer. */
    interface HandlerFactory {
        ChannelHandler relay(Channel peer);
    }
}
