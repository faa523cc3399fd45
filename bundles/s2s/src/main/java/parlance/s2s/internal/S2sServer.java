package parlance.s2s.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.router.Router;

/**
 * The Netty side of federation: event loops shared by both directions, the listener for remote servers
 * (RFC 6120 §14.7, port 5269 by default) and the direct-TLS listener (XEP-0368, 5270 by default), the resolver
 * thread for DNS, and an orderly close: listeners, outbound links, then inbound streams.
 */
final class S2sServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S2sServer.class);
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService blocking;
    private final ChannelGroup inbound = new DefaultChannelGroup("s2s", GlobalEventExecutor.INSTANCE);
    private final S2sServices services;
    private final Outbound outbound;
    private final java.util.concurrent.atomic.LongAdder accepted = new java.util.concurrent.atomic.LongAdder();
    private Channel listener;
    private Channel tlsListener;

    S2sServer(String domain, S2sConfig config, S2sTls tls, Supplier<Router> router,
            Supplier<AddressPreparer> preparer) {
        this(domain, config, tls, router, preparer, null);
    }

    /** As above, with {@code resolver} (null: DNS and the configured routes) for where remote domains are. */
    S2sServer(String domain, S2sConfig config, S2sTls tls, Supplier<Router> router,
            Supplier<AddressPreparer> preparer, Resolver resolver) {
        SecureRandom random = new SecureRandom();
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parlance-s2s-accept"),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                new DefaultThreadFactory("parlance-s2s"), NioIoHandler.newFactory());
        this.blocking = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("parlance-s2s-resolve"));
        this.services = new S2sServices(domain, DialbackKey.random(random), tls, resolver != null ? resolver
                : new Resolver(config.routes()),
                config, workers, blocking, router, preparer, random);
        this.outbound = new Outbound(services);
        services.outbound(outbound);
    }

    /** What the streams share (tests compute dialback keys with it). */
    S2sServices services() {
        return services;
    }

    /** The way out to remote domains. */
    Outbound outbound() {
        return outbound;
    }

    /** Binds the listener; {@code host} null or empty: all interfaces. Returns the bound address. */
    InetSocketAddress listen(String host, int port) throws InterruptedException {
        listener = bind(host, port, false);
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("Listening for XMPP servers on {}:{}", bound.getAddress().getHostAddress(), bound.getPort());
        return bound;
    }

    /**
     * Binds the direct-TLS listener (XEP-0368): TLS with ALPN {@code xmpp-server} and SNI starts at once
     * ({@link DirectTls#server}), then the stream as on the other listener, without STARTTLS.
     */
    InetSocketAddress listenTls(String host, int port) throws InterruptedException {
        tlsListener = bind(host, port, true);
        InetSocketAddress bound = (InetSocketAddress) tlsListener.localAddress();
        LOG.info("Listening for XMPP servers over direct TLS on {}:{}", bound.getAddress().getHostAddress(),
                bound.getPort());
        return bound;
    }

    /** Streams accepted on both listeners since the start (diagnostics, tests). */
    long accepted() {
        return accepted.sum();
    }

    private Channel bind(String host, int port, boolean directTls) throws InterruptedException {
        InetSocketAddress address = host == null || host.isEmpty() ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        return new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        inbound.add(ch);
                        accepted.increment();
                        if (directTls) {
                            io.netty.handler.ssl.SslContext context = services.tls.directServer();
                            if (context == null) {
                                ch.close();
                                return;
                            }
                            ch.pipeline().addLast("tls", DirectTls.server(context));
                        }
                        if (services.idleSeconds > 0) {
                            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, services.idleSeconds));
                        }
                        ch.pipeline().addLast("s2s", new InboundStream(services));
                    }
                }).bind(address).sync().channel();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(2000);
        }
        if (tlsListener != null) {
            tlsListener.close().awaitUninterruptibly(2000);
        }
        outbound.close();
        for (Channel ch : inbound) {
            InboundStream s = ch.pipeline().get(InboundStream.class);
            if (s != null) {
                ch.eventLoop().execute(s::close);
            }
        }
        inbound.newCloseFuture().awaitUninterruptibly(2000);
        blocking.shutdownNow();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(3000);
        workers.terminationFuture().awaitUninterruptibly(3000);
    }
}
