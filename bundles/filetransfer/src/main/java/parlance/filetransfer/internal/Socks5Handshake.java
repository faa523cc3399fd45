package parlance.filetransfer.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SOCKS5 subset XEP-0065 §6.3.2/§6.3.3 uses (RFC 1928): a greeting offering "no authentication" (method 0),
 * then a CONNECT (command 1) to a domain-name address (type 3) that is the 40 hex digits of
 * SHA1(SID + initiator JID + target JID), port 0. The reply echoes the address. Anything else is answered with the
 * RFC 1928 failure code and closed: no acceptable method (0xFF), command not supported (7), address type not
 * supported (8), connection not allowed (2) for a malformed hash or a transfer that already has its two
 * connections, general failure (1) when the proxy is full. After the reply the connection waits for activation;
 * bytes it sends early are held (up to {@link #HOLD_LIMIT}) and relayed once activated.
 */
final class Socks5Handshake extends ByteToMessageDecoder {
    static final int HOLD_LIMIT = 64 * 1024;

    private enum State { GREETING, REQUEST, WAITING }

    private final Transfers transfers;
    private State state = State.GREETING;

    Socks5Handshake(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case GREETING -> greeting(ctx, in);
            case REQUEST -> request(ctx, in);
            default -> {
                if (in.readableBytes() > HOLD_LIMIT) {
                    in.skipBytes(in.readableBytes());
                    ctx.close();
                }
            }
        }
    }

    private void greeting(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 2) {
            return;
        }
        int start = in.readerIndex();
        if (in.getByte(start) != 5) {
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        int methods = in.getUnsignedByte(start + 1);
        if (in.readableBytes() < 2 + methods) {
            return;
        }
        boolean noAuth = false;
        for (int i = 0; i < methods; i++) {
            noAuth |= in.getByte(start + 2 + i) == 0;
        }
        in.skipBytes(2 + methods);
        if (!noAuth) {
            fail(ctx, new byte[] {5, (byte) 0xFF});
            return;
        }
        ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(5).writeByte(0));
        state = State.REQUEST;
    }

    private void request(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 5) {
            return;
        }
        int start = in.readerIndex();
        int command = in.getUnsignedByte(start + 1);
        int type = in.getUnsignedByte(start + 3);
        if (in.getByte(start) != 5 || type != 3) {
            fail(ctx, reply(8, ""));
            in.skipBytes(in.readableBytes());
            return;
        }
        int length = in.getUnsignedByte(start + 4);
        if (in.readableBytes() < 5 + length + 2) {
            return;
        }
        String address = in.toString(start + 5, length, StandardCharsets.US_ASCII);
        in.skipBytes(5 + length + 2);
        if (command != 1) {
            fail(ctx, reply(7, address));
        } else if (!address.matches("[0-9a-f]{40}")) {
            fail(ctx, reply(2, address));
        } else {
            switch (transfers.connect(address, ctx.channel())) {
                case ACCEPTED -> {
                    state = State.WAITING;
                    ctx.channel().config().setAutoRead(false);
                    ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(reply(0, address)));
                    ctx.read(); // notice an early close
                }
                case DUPLICATE -> fail(ctx, reply(2, address));
                default -> fail(ctx, reply(1, address));
            }
        }
    }

    /** RFC 1928 §6 reply: VER, REP, RSV, ATYP=3, the address, port 0. */
    static byte[] reply(int code, String address) {
        byte[] host = address.getBytes(StandardCharsets.US_ASCII);
        byte[] reply = new byte[7 + host.length];
        reply[0] = 5;
        reply[1] = (byte) code;
        reply[3] = 3;
        reply[4] = (byte) host.length;
        System.arraycopy(host, 0, reply, 5, host.length);
        return reply;
    }

    private static void fail(ChannelHandlerContext ctx, byte[] reply) {
        ctx.writeAndFlush(ctx.alloc().buffer(reply.length).writeBytes(reply))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
