package parlance.filetransfer.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Relays what one side of an activated transfer sends to the other (XEP-0065 §6.3.4), with back-pressure: when the
 * peer cannot take more, this side stops reading until the peer drains. When either side closes, the other is
 * closed once what it was sent is written.
 */
final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Relay(Channel peer) {
        this.peer = peer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        peer.closeFuture().addListener(f -> ctx.channel().eventLoop().execute(() ->
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE)));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        peer.writeAndFlush(msg).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
            peer.eventLoop().execute(() -> {
                if (peer.isWritable() || !peer.isActive()) {
                    ctx.channel().config().setAutoRead(true);
                }
            });
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // this side drained: let the peer read again
        peer.config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
