package parlance.websocket.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Server-side WebSocket frames (RFC 6455 §5.2): unmasked, unfragmented, as a server sends them (§5.1), and the
 * close status codes of §7.4.1 used here.
 */
final class Frames {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** §7.4.1 status codes. */
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int UNSUPPORTED_DATA = 1003;
    static final int INVALID_PAYLOAD = 1007;
    static final int TOO_BIG = 1009;

    private Frames() {
    }

    /** A final frame with the given opcode and payload (§5.2), unmasked. */
    static ByteBuffer frame(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + n);
        b.put((byte) (0x80 | opcode));
        if (n < 126) {
            b.put((byte) n);
        } else if (n <= 0xFFFF) {
            b.put((byte) 126).putShort((short) n);
        } else {
            b.put((byte) 127).putLong(n);
        }
        b.put(payload);
        return b.flip();
    }

    static ByteBuffer text(String text) {
        return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with a status code and a short reason (§5.5.1). */
    static ByteBuffer close(int code, String reason) {
        byte[] r = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer p = ByteBuffer.allocate(2 + Math.min(r.length, 123));
        p.putShort((short) code).put(r, 0, Math.min(r.length, 123));
        return frame(CLOSE, p.array());
    }
}
