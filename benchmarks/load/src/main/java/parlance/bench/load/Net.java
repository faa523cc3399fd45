package parlance.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The generator's network side: a few NIO event loops for all connections (no thread per connection), one
 * client {@link SslContext} that trusts any certificate (loopback benchmark only), optional source addresses
 * in 127.0.0.0/8 so one process can open more than one port range of connections.
 */
final class Net implements AutoCloseable {
    final EventLoopGroup group;
    final SslContext ssl;
    final String provider;
    private final Bootstrap bootstrap;
    private final InetSocketAddress server;
    private final List<String> sources;
    private final AtomicInteger nextSource = new AtomicInteger();

    Net(Args a) throws SSLException {
        group = new MultiThreadIoEventLoopGroup(a.integer("threads", 2), NioIoHandler.newFactory());
        boolean openssl = !"jdk".equals(a.str("ssl", "openssl")) && OpenSsl.isAvailable();
        provider = openssl ? "openssl" : "jdk";
        ssl = SslContextBuilder.forClient().sslProvider(openssl ? SslProvider.OPENSSL : SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        server = new InetSocketAddress(a.str("host", "127.0.0.1"), a.integer("port", 5222));
        sources = List.of(a.str("sources", "127.0.0.1").split(","));
        for (String s : sources) {
            if (!s.startsWith("127.")) {
                throw new IllegalArgumentException("source addresses must be loopback: " + s);
            }
        }
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the server must be on loopback: " + server);
        }
        bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /** Opens a connection for the client; a failed connect is reported to its listener. */
    void connect(XmppClient client) {
        String src = sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size()));
        ChannelFuture f = bootstrap.clone().handler(client).connect(server, new InetSocketAddress(src, 0));
        f.addListener(r -> {
            if (!r.isSuccess()) {
                client.listener.failed(client, "connect: " + r.cause());
            }
        });
    }

    /** Connect with at most {@code permits} handshakes in flight (the caller releases on online/failed). */
    static Semaphore limit(int permits) {
        return new Semaphore(permits);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
