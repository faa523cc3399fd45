package parlance.filetransfer.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The SOCKS5 listener of the proxy (XEP-0065 §6.3): per connection an idle timeout, the optional per-connection
 * and proxy-wide read limits (Netty traffic shaping, bytes per second), the {@link Socks5Handshake}, then, once the
 * transfer is activated, a {@link Relay}. Owns its event loops; {@link #close()} closes every connection.
 */
final class ProxyServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final GlobalTrafficShapingHandler global;
    private final Transfers transfers;
    private Channel server;

    ProxyServer(Transfers transfers, long transferBytesPerSecond, long totalBytesPerSecond, int idleSeconds) {
        this.transfers = transfers;
        this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        this.global = totalBytesPerSecond > 0
                ? new GlobalTrafficShapingHandler(group.next(), 0, totalBytesPerSecond) : null;
        ChannelHandler closer = new IdleCloser();
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS), closer);
                        if (global != null) {
                            ch.pipeline().addLast(global);
                        }
                        if (transferBytesPerSecond > 0) {
                            ch.pipeline().addLast(new ChannelTrafficShapingHandler(0, transferBytesPerSecond));
                        }
                        ch.pipeline().addLast(new Socks5Handshake(transfers));
                    }
                });
        this.bootstrap = bootstrap;
    }

    private final ServerBootstrap bootstrap;

    /** Binds {@code host:port} (host empty for every interface); returns the bound address. */
    InetSocketAddress listen(String host, int port) throws Exception {
        InetSocketAddress address = host == null || host.isBlank() ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        server = bootstrap.bind(address).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    Transfers transfers() {
        return transfers;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (global != null) {
            global.release();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Closes a connection that was idle for the configured time, before or after activation. */
    @ChannelHandler.Sharable
    static final class IdleCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
