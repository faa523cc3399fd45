package parlance.s2s.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections an {@link OutboundLink} makes: the addresses of a remote domain's candidates in the order to try
 * them (RFC 6120 §3.2, {@link Resolver}; every A/AAAA address of a target in turn), and one connection to one of
 * them, with TLS on connect for direct-TLS candidates (XEP-0368 §3 rule 2, {@link DirectTls}).
 */
final class Dialer {
    private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);

    private Dialer() {
    }

    /** A resolved address, and whether TLS starts on connect there (XEP-0368 §3 rule 2). */
    record Candidate(InetSocketAddress address, boolean directTls) {
    }

    /** The candidates of {@code remote}, resolved; blocking (DNS): call it off the event loops. */
    static List<Candidate> candidates(S2sServices services, String remote) {
        List<Candidate> addresses = new ArrayList<>();
        for (Target target : services.resolver.targets(remote)) {
            try {
                for (InetAddress a : InetAddress.getAllByName(target.host())) {
                    addresses.add(new Candidate(new InetSocketAddress(a, target.port()), target.directTls()));
                }
            } catch (UnknownHostException e) {
                LOG.debug("{}: cannot resolve {}", remote, target.host());
            }
        }
        return addresses;
    }

    /** Connects to {@code to} with {@code stream} as the connection's s2s handler. */
    static ChannelFuture dial(S2sServices services, String remote, Candidate to, OutboundStream stream) {
        return new Bootstrap().group(services.workers).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, services.connectTimeoutSeconds * 1000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (services.idleSeconds > 0) {
                            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, services.idleSeconds));
                        }
                        if (to.directTls()) {
                            SslHandler ssl = DirectTls.client(services.tls.directClient(), ch.alloc(), remote,
                                    to.address().getPort());
                            if (ssl == null) {
                                ch.close(); // no certificate of ours: the connect fails, the next candidate
                                return;
                            }
                            ch.pipeline().addLast("tls", ssl);
                        }
                        ch.pipeline().addLast("s2s", stream);
                    }
                }).connect(to.address());
    }
}
