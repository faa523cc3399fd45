package parlance.stream.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.stream.internal.tls.TlsMaterial;

/**
 * The Netty side of c2s: one boss thread, one worker per core (NIO), listeners for the STARTTLS port (RFC 6120 §5)
 * and the direct TLS port (XEP-0368 §3), and an orderly shutdown: listeners first, then every stream with the
 * {@code system-shutdown} stream error (RFC 6120 §4.9.3.18), then sessions held for resumption (XEP-0198), then
 * the event loops.
 */
final class C2sServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(C2sServer.class);
    private final StreamServices services;
    private final ConnectionLimiter limiter;
    private final int backlog;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup connections = new DefaultChannelGroup("c2s", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();

    C2sServer(StreamServices services, int maxConnectionsPerIp, int backlog) {
        this.services = services;
        this.limiter = new ConnectionLimiter(maxConnectionsPerIp);
        this.backlog = backlog;
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parlance-c2s-accept"),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("parlance-c2s"), NioIoHandler.newFactory());
    }

    /**
     * Binds a listener synchronously; {@code host} null or empty means all interfaces.
     *
     * @return the bound address (the real port when 0 was asked)
     */
    InetSocketAddress listen(String host, int port, boolean directTls) throws InterruptedException {
        InetSocketAddress address = host == null || host.isEmpty() ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.AUTO_READ, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initConnection(ch, directTls);
                    }
                });
        Channel listener = b.bind(address).sync().channel();
        listeners.add(listener);
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("Listening for XMPP clients on {}:{}{}", bound.getAddress().getHostAddress(), bound.getPort(),
                directTls ? " (direct TLS)" : "");
        return bound;
    }

    private void initConnection(SocketChannel ch, boolean directTls) {
        connections.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", limiter);
        TlsMaterial material = null;
        if (directTls) {
            material = services.tls() == null ? null : services.tls().current();
            if (material == null) {
                LOG.warn("No TLS certificate: refusing a direct TLS connection");
                ch.close();
                return;
            }
            p.addLast("tls", new SslHandler(material.directContext().newEngine(ch.alloc())));
        }
        int idle = services.settings.idleSeconds();
        if (idle > 0) {
            p.addLast("idle", new IdleStateHandler(idle, 0, 0, TimeUnit.SECONDS));
        }
        p.addLast(StreamHandler.NAME, new StreamHandler(services, material));
    }

    /** Open client connections. */
    int connectionCount() {
        return connections.size();
    }

    /** Connections whose parser hibernates right now (tests, diagnostics); asks each event loop. */
    int hibernatingCount() {
        int n = 0;
        for (Channel ch : connections) {
            StreamHandler h = ch.pipeline().get(StreamHandler.class);
            if (h != null && ch.eventLoop().submit(h::isParserHibernating).syncUninterruptibly().getNow()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        for (Channel l : listeners) {
            l.close().awaitUninterruptibly(2000);
        }
        listeners.clear();
        for (Channel ch : connections) {
            StreamHandler h = ch.pipeline().get(StreamHandler.class);
            if (h != null) {
                ch.eventLoop().execute(h::shutdown);
            } else {
                ch.close();
            }
        }
        if (!connections.newCloseFuture().awaitUninterruptibly(2000)) {
            connections.close().awaitUninterruptibly(1000);
        }
        services.resumptions.close(); // held sessions (XEP-0198) end: their messages go to offline storage
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(3000);
        workers.terminationFuture().awaitUninterruptibly(3000);
    }
}
