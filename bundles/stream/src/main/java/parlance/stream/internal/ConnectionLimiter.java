package parlance.stream.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps concurrent connections per remote IP address (RFC 6120 §13.12 item 1, denial of service): a connection over
 * the cap is closed at once, before any XML is exchanged. Shared by all channels of a server.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();
    private final int max;

    ConnectionLimiter(int max) {
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress ip = ip(ctx.channel().remoteAddress());
        if (ip != null) {
            int n = counts.merge(ip, 1, Integer::sum);
            if (max > 0 && n > max) {
                LOG.warn("Refusing a connection from {}: {} connections already", ip.getHostAddress(), n - 1);
                ctx.close();
                return;
            }
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress ip = ip(ctx.channel().remoteAddress());
        if (ip != null) {
            counts.computeIfPresent(ip, (k, v) -> v <= 1 ? null : v - 1);
        }
        super.channelInactive(ctx);
    }

    int count(InetAddress ip) {
        return counts.getOrDefault(ip, 0);
    }

    private static InetAddress ip(SocketAddress address) {
        return address instanceof InetSocketAddress ? ((InetSocketAddress) address).getAddress() : null;
    }
}
