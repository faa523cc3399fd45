package parlance.websocket.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the frames a client sends (RFC 6455 §5.2) into messages: unmasks (§5.3; unmasked client frames are a
 * protocol error), reassembles fragmented text messages (§5.4), checks UTF-8 (§8.1), answers nothing itself but
 * reports pings, pongs, closes and errors to its {@link Listener}. A message larger than the limit is refused with
 * {@link Frames#TOO_BIG} before its payload is buffered (RFC 6120 §13.12 item 4 via the XMPP stanza size cap).
 * Not thread-safe: one reader thread at a time.
 */
final class FrameDecoder {
    /** What the decoder found. */
    interface Listener {
        void text(String message);

        void ping(byte[] payload);

        void pong();

        void close(int code, String reason);

        /** A violation: the connection must be closed with {@code code} (§7.4.1). No further input is read. */
        void failed(int code, String reason);
    }

    private final Listener listener;
    private final int maxMessageBytes;
    private byte[] buffer = new byte[1024];
    private int length;
    private byte[] message = new byte[0];
    private int messageLength;
    private boolean inMessage;
    private boolean failed;

    FrameDecoder(Listener listener, int maxMessageBytes) {
        this.listener = listener;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Consumes all of {@code input} and reports every complete frame in it. */
    void feed(ByteBuffer input) {
        if (failed) {
            input.position(input.limit());
            return;
        }
        int n = input.remaining();
        if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
        }
        input.get(buffer, length, n);
        length += n;
        int offset = 0;
        int used;
        while (!failed && (used = frame(offset)) > 0) {
            offset += used;
        }
        if (failed) {
            length = 0;
            return;
        }
        System.arraycopy(buffer, offset, buffer, 0, length - offset);
        length -= offset;
    }

    boolean isFailed() {
        return failed;
    }

    /** Decodes one frame at {@code offset}; returns the bytes it used, or 0 when it is not complete yet. */
    private int frame(int offset) {
        int available = length - offset;
        if (available < 2) {
            return 0;
        }
        int b0 = buffer[offset] & 0xFF;
        int b1 = buffer[offset + 1] & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            return fail(Frames.PROTOCOL_ERROR, "no extension negotiated"); // §5.2 RSV1-3
        }
        if ((b1 & 0x80) == 0) {
            return fail(Frames.PROTOCOL_ERROR, "client frames must be masked"); // §5.1
        }
        int header = 2;
        long payload = b1 & 0x7F;
        if (payload == 126) {
            if (available < 4) {
                return 0;
            }
            payload = ((buffer[offset + 2] & 0xFF) << 8) | (buffer[offset + 3] & 0xFF);
            header = 4;
        } else if (payload == 127) {
            if (available < 10) {
                return 0;
            }
            payload = 0;
            for (int i = 0; i < 8; i++) {
                payload = (payload << 8) | (buffer[offset + 2 + i] & 0xFF);
            }
            header = 10;
        }
        boolean control = (opcode & 0x8) != 0;
        if (control && (!fin || payload > 125)) {
            return fail(Frames.PROTOCOL_ERROR, "bad control frame"); // §5.5
        }
        if (!control && (payload < 0 || messageLength + payload > maxMessageBytes)) {
            return fail(Frames.TOO_BIG, "message too large");
        }
        int total = header + 4 + (int) payload;
        if (available < total) {
            return 0;
        }
        byte[] data = new byte[(int) payload];
        int maskAt = offset + header;
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (buffer[maskAt + 4 + i] ^ buffer[maskAt + (i & 3)]);
        }
        switch (opcode) {
            case Frames.TEXT:
            case Frames.CONTINUATION:
                if (inMessage == (opcode == Frames.TEXT)) {
                    return fail(Frames.PROTOCOL_ERROR, "bad fragmentation"); // §5.4
                }
                append(data);
                inMessage = !fin;
                if (fin) {
                    String text = utf8(message, messageLength);
                    messageLength = 0;
                    if (text == null) {
                        return fail(Frames.INVALID_PAYLOAD, "invalid UTF-8"); // §8.1
                    }
                    listener.text(text);
                }
                break;
            case Frames.BINARY:
                return fail(Frames.UNSUPPORTED_DATA, "XMPP uses text messages"); // RFC 7395 §3.3.3
            case Frames.PING:
                listener.ping(data);
                break;
            case Frames.PONG:
                listener.pong();
                break;
            case Frames.CLOSE:
                int code = data.length >= 2 ? ((data[0] & 0xFF) << 8) | (data[1] & 0xFF) : Frames.NORMAL;
                String reason = data.length > 2 ? utf8(Arrays.copyOfRange(data, 2, data.length), data.length - 2) : "";
                failed = true; // nothing is read after a close (§5.5.1)
                listener.close(code, reason == null ? "" : reason);
                return total;
            default:
                return fail(Frames.PROTOCOL_ERROR, "unknown opcode " + opcode);
        }
        return total;
    }

    private void append(byte[] data) {
        if (messageLength + data.length > message.length) {
            message = Arrays.copyOf(message, Math.max(messageLength + data.length, message.length * 2));
        }
        System.arraycopy(data, 0, message, messageLength, data.length);
        messageLength += data.length;
    }

    private int fail(int code, String reason) {
        failed = true;
        listener.failed(code, reason);
        return 0;
    }

    private static String utf8(byte[] bytes, int n) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
