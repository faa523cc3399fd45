package parlance.bench.load;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Splits an XMPP stream (RFC 6120 §4) into top-level elements without an XML parser: it tracks tag depth and
 * quoting only, which is enough for the well-formed output of a server. Bytes are kept as ISO-8859-1 chars
 * (1:1); the generator only looks at ASCII markers and the ASCII payloads it sent itself.
 */
final class StanzaSplitter {
    /** Receives what the splitter finds. */
    interface Sink {
        void streamOpened(String header);

        void element(String xml);

        void streamClosed();
    }

    private final Sink sink;
    private byte[] buf = new byte[8192];
    private int len;
    private int scan;        // next unread position
    private int depth;       // 0 outside stream, 1 inside stream:stream, >1 inside a stanza
    private int elementStart = -1;

    StanzaSplitter(Sink sink) {
        this.sink = sink;
    }

    /** Forgets everything (RFC 6120 §5.4.3.3, §6.4.6: a new stream after STARTTLS and SASL). */
    void reset() {
        len = 0;
        scan = 0;
        depth = 0;
        elementStart = -1;
    }

    void feed(ByteBuf in) {
        int n = in.readableBytes();
        if (len + n > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, len + n)];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
        in.readBytes(buf, len, n);
        len += n;
        process();
    }

    private void process() {
        int generation = depth;
        while (scan < len) {
            int lt = indexOf((byte) '<', scan);
            if (lt < 0) {
                scan = len;
                break;
            }
            int gt = tagEnd(lt + 1);
            if (gt < 0) {
                scan = lt;      // incomplete tag: wait for more bytes
                break;
            }
            byte c = buf[lt + 1];
            scan = gt + 1;
            if (c == '?' || c == '!') {
                continue;
            }
            if (c == '/') {
                depth--;
                if (depth == 1 && elementStart >= 0) {
                    emit(elementStart, gt + 1);
                } else if (depth == 0) {
                    sink.streamClosed();
                }
            } else if (buf[gt - 1] == '/') {
                if (depth == 1) {
                    emit(lt, gt + 1);
                }
            } else {
                if (depth == 0) {
                    depth = 1;
                    String header = new String(buf, lt, gt + 1 - lt, StandardCharsets.ISO_8859_1);
                    compact(scan);
                    sink.streamOpened(header);
                    if (len == 0) {
                        return;     // the sink may have reset us
                    }
                    continue;
                }
                if (depth == 1) {
                    elementStart = lt;
                }
                depth++;
            }
            if (len == 0) {
                return;             // reset by the sink
            }
        }
        if (depth <= 1) {
            compact(scan);
        } else if (elementStart > 0) {
            compact(elementStart);
        }
    }

    private void emit(int from, int to) {
        String xml = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        elementStart = -1;
        compact(to);
        sink.element(xml);
    }

    private void compact(int from) {
        if (from <= 0) {
            return;
        }
        int remaining = len - from;
        if (remaining > 0) {
            System.arraycopy(buf, from, buf, 0, remaining);
        }
        len = Math.max(remaining, 0);
        scan -= from;
        if (elementStart >= 0) {
            elementStart -= from;
        }
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < len; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int tagEnd(int from) {
        byte quote = 0;
        for (int i = from; i < len; i++) {
            byte b = buf[i];
            if (quote != 0) {
                if (b == quote) {
                    quote = 0;
                }
            } else if (b == '"' || b == '\'') {
                quote = b;
            } else if (b == '>') {
                return i;
            }
        }
        return -1;
    }
}
