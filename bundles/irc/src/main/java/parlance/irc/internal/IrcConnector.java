package parlance.irc.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens client connections to the IRC server on the gateway's own Netty event loops. The pipeline frames lines
 * (RFC 2812 §2.3: CR LF, at most 512 bytes with it; longer lines are dropped, not fatal) and decodes them as UTF-8;
 * each parsed {@link IrcLine} goes to the connection's {@link Listener} on the connection's event loop, which is
 * also the loop its {@link IrcSession} runs on, so a session needs no locks.
 */
final class IrcConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IrcConnector.class);
    /** RFC 2812 §2.3: 512 bytes including CR LF. */
    static final int MAX_LINE = 510;

    /** Receives what one connection reads, on its event loop. */
    interface Listener {
        void line(IrcLine line);

        void closed();
    }

    private final EventLoopGroup group;
    private final String host;
    private final int port;
    private final int timeoutMillis;

    IrcConnector(String host, int port, int timeoutMillis) {
        this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** The event loop a new session is bound to. */
    EventLoop nextLoop() {
        return group.next();
    }

    int timeoutMillis() {
        return timeoutMillis;
    }

    /** Connects on {@code loop}; never blocks. The future fails with the connect error. */
    ChannelFuture connect(EventLoop loop, Listener listener) {
        return new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE, true, false),
                                new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8),
                                new Reader(listener));
                    }
                }).connect(host, port);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** The last handler: parsed lines and the end of the connection to the listener. */
    private static final class Reader extends SimpleChannelInboundHandler<String> {
        private final Listener listener;

        Reader(Listener listener) {
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String text) {
            IrcLine line = IrcLine.parse(text);
            if (line != null) {
                listener.line(line);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            listener.closed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                LOG.debug("Dropped an IRC line longer than {} bytes", MAX_LINE);
                return;
            }
            LOG.debug("IRC connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
