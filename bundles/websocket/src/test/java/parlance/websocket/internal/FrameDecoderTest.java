package parlance.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6455 §5 framing as the server reads it. */
class FrameDecoderTest {
    final List<String> events = new ArrayList<>();
    final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Listener() {
        @Override
        public void text(String message) {
            events.add("text:" + message);
        }

        @Override
        public void ping(byte[] payload) {
            events.add("ping:" + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void pong() {
            events.add("pong");
        }

        @Override
        public void close(int code, String reason) {
            events.add("close:" + code);
        }

        @Override
        public void failed(int code, String reason) {
            events.add("failed:" + code);
        }
    }, 1000);

    /** A client frame: masked with a fixed key (§5.3). */
    static byte[] clientFrame(boolean fin, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        int mask = masked ? 0x80 : 0;
        if (n < 126) {
            out.write(mask | n);
        } else {
            out.write(mask | 126);
            out.write(n >> 8);
            out.write(n & 0xFF);
        }
        byte[] key = {0x12, 0x34, 0x56, 0x78};
        if (masked) {
            out.writeBytes(key);
        }
        for (int i = 0; i < n; i++) {
            out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    static byte[] text(String s) {
        return clientFrame(true, Frames.TEXT, s.getBytes(StandardCharsets.UTF_8), true);
    }

    @Test
    void decodesMaskedTextMessagesFedByteByByte() {
        byte[] two = concat(text("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"), text("h\u00e9llo " + "x".repeat(200)));
        for (byte b : two) {
            decoder.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertEquals(List.of("text:<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>",
                "text:h\u00e9llo " + "x".repeat(200)), events);
    }

    /** §5.4: fragments with a ping in between make one message. */
    @Test
    void reassemblesFragmentsAroundControlFrames() {
        decoder.feed(ByteBuffer.wrap(concat(clientFrame(false, Frames.TEXT, "<mes".getBytes(), true),
                clientFrame(true, Frames.PING, "p".getBytes(), true),
                clientFrame(true, Frames.CONTINUATION, "sage/>".getBytes(), true))));
        assertEquals(List.of("ping:p", "text:<message/>"), events);
    }

    /** §5.1: a client must mask its frames. */
    @Test
    void unmaskedFrameIsAProtocolError() {
        decoder.feed(ByteBuffer.wrap(clientFrame(true, Frames.TEXT, "x".getBytes(), false)));
        assertEquals(List.of("failed:1002"), events);
        assertTrue(decoder.isFailed());
    }

    /** RFC 7395 §3.3.3: XMPP travels in text messages only. */
    @Test
    void binaryMessageIsRefused() {
        decoder.feed(ByteBuffer.wrap(clientFrame(true, Frames.BINARY, "x".getBytes(), true)));
        assertEquals(List.of("failed:1003"), events);
    }

    /** The stanza size cap applies to whole messages, also across fragments. */
    @Test
    void messageOverTheLimitIsRefusedBeforeItIsBuffered() {
        decoder.feed(ByteBuffer.wrap(clientFrame(false, Frames.TEXT, new byte[600], true)));
        decoder.feed(ByteBuffer.wrap(clientFrame(true, Frames.CONTINUATION, new byte[600], true)));
        assertEquals(List.of("failed:1009"), events);
    }

    /** §8.1: text must be UTF-8. */
    @Test
    void invalidUtf8IsRefused() {
        decoder.feed(ByteBuffer.wrap(clientFrame(true, Frames.TEXT, new byte[] {(byte) 0xC3, 0x28}, true)));
        assertEquals(List.of("failed:1007"), events);
    }

    /** §5.5.1: a close frame ends the input; what follows is ignored. */
    @Test
    void closeEndsInput() {
        decoder.feed(ByteBuffer.wrap(concat(clientFrame(true, Frames.CLOSE, new byte[] {0x03, (byte) 0xE8}, true),
                text("late"))));
        assertEquals(List.of("close:1000"), events);
    }

    @Test
    void serverFramesAreUnmaskedWithExtendedLengths() {
        ByteBuffer small = Frames.text("abc");
        assertEquals(0x81, small.get(0) & 0xFF);
        assertEquals(3, small.get(1));
        ByteBuffer big = Frames.frame(Frames.TEXT, new byte[300]);
        assertEquals(126, big.get(1));
        assertEquals(300, big.getShort(2));
        assertEquals(304, big.remaining());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
