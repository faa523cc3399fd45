package parlance.stream.internal.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The few DER encodings (ITU-T X.690 §8, §10) an X.509 v3 certificate (RFC 5280 §4.1) and a PKCS#8 key wrapper need,
 * plus a minimal TLV reader. Every method returns a complete TLV.
 */
final class Der {
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int BOOLEAN = 0x01;

    private Der() {
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((len >>> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... items) {
        return tlv(SEQUENCE, concat(items));
    }

    static byte[] set(byte[]... items) {
        return tlv(SET, concat(items));
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] nul() {
        return new byte[] {NULL, 0};
    }

    static byte[] bool(boolean value) {
        return new byte[] {BOOLEAN, 1, (byte) (value ? 0xff : 0)};
    }

    static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    /** A BIT STRING with no unused bits (X.690 §8.6). */
    static byte[] bitString(byte[] value) {
        byte[] v = new byte[value.length + 1];
        System.arraycopy(value, 0, v, 1, value.length);
        return tlv(BIT_STRING, v);
    }

    static byte[] utf8(String s) {
        return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A context-specific tag: constructed (EXPLICIT wrappers) or primitive (IMPLICIT strings such as dNSName). */
    static byte[] context(int number, boolean constructed, byte[] value) {
        return tlv(0x80 | (constructed ? 0x20 : 0) | number, value);
    }

    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in UTC with seconds. */
    static byte[] time(ZonedDateTime t) {
        ZonedDateTime utc = t.withZoneSameInstant(ZoneOffset.UTC);
        if (utc.getYear() < 2050) {
            return tlv(UTC_TIME, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(GENERALIZED_TIME, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc)
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** An OBJECT IDENTIFIER from dotted form (X.690 §8.19). */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            writeBase128(out, Long.parseLong(parts[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int b = (int) ((value >>> (7 * i)) & 0x7f);
            out.write(i == 0 ? b : b | 0x80);
        }
    }

    static byte[] concat(byte[]... items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] item : items) {
            out.writeBytes(item);
        }
        return out.toByteArray();
    }

    /** One decoded TLV: its tag, and its value's bounds in {@code data}. */
    static final class Tlv {
        final int tag;
        final byte[] data;
        final int start;
        final int end;

        private Tlv(int tag, byte[] data, int start, int end) {
            this.tag = tag;
            this.data = data;
            this.start = start;
            this.end = end;
        }

        byte[] value() {
            return Arrays.copyOfRange(data, start, end);
        }

        /** Reads the TLV at {@code offset}. */
        static Tlv read(byte[] data, int offset) {
            int tag = data[offset] & 0xff;
            int len = data[offset + 1] & 0xff;
            int pos = offset + 2;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n < 1 || n > 4) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (data[pos++] & 0xff);
                }
            }
            if (len < 0 || pos + len > data.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            return new Tlv(tag, data, pos, pos + len);
        }

        /** The next sibling TLV, or {@code null} at {@code limit}. */
        Tlv next(int limit) {
            return end < limit ? read(data, end) : null;
        }

        /** The first child of a constructed TLV, or {@code null} when empty. */
        Tlv firstChild() {
            return start < end ? read(data, start) : null;
        }
    }
}
