package parlance.component.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of XEP-0114: one listener, a small event loop group of its own, and an orderly close (listener
 * first, then every connection with {@code system-shutdown}, then the loops). A component that does not read gets
 * at most {@value #MAX_PENDING_BYTES} bytes queued; past that, stanzas to it bounce with {@code resource-constraint}.
 */
final class ComponentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentServer.class);
    static final int MAX_PENDING_BYTES = 8 * 1024 * 1024;
    private final ComponentContext context;
    private final int backlog;
    private final EventLoopGroup group;
    private final ChannelGroup connections = new DefaultChannelGroup("component", GlobalEventExecutor.INSTANCE);
    private Channel listener;

    ComponentServer(ComponentContext context, int backlog) {
        this.context = context;
        this.backlog = backlog;
        this.group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                new DefaultThreadFactory("parlance-component"), NioIoHandler.newFactory());
    }

    /** Binds synchronously; {@code host} null or empty means all interfaces. Returns the bound address. */
    InetSocketAddress listen(String host, int port) throws InterruptedException {
        InetSocketAddress address = host == null || host.isEmpty() ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(MAX_PENDING_BYTES / 2, MAX_PENDING_BYTES))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("component", new ComponentConnection(context));
                    }
                });
        listener = b.bind(address).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("Listening for external components on {}:{}", bound.getAddress().getHostAddress(), bound.getPort());
        return bound;
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(2000);
            listener = null;
        }
        for (Channel ch : connections) {
            ComponentConnection c = ch.pipeline().get(ComponentConnection.class);
            if (c != null) {
                ch.eventLoop().execute(c::shutdown);
            } else {
                ch.close();
            }
        }
        if (!connections.newCloseFuture().awaitUninterruptibly(2000)) {
            connections.close().awaitUninterruptibly(1000);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }
}
