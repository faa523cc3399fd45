package parlance.xml.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that encodes characters to UTF-8 as they are appended, escaping for XML text or attribute
 * values on the way (XML 1.0 §2.4, §3.3.3). Characters XML 1.0 cannot carry (§2.2: most C0 controls, unpaired
 * surrogates, U+FFFE, U+FFFF) become U+FFFD, so the output is always well-formed.
 */
public final class Utf8Buffer {
    private byte[] bytes;
    private int length;

    public Utf8Buffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Appends markup (names, fixed syntax) without escaping. */
    public Utf8Buffer raw(String s) {
        for (int i = asciiPrefix(s, RAW), n = s.length(); i < n; i++) {
            i = appendChar(s, i);
        }
        return this;
    }

    /** Appends one ASCII character of markup. */
    public Utf8Buffer ascii(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Appends character data: escapes {@code & < >} and CR (which a parser would otherwise normalise away). */
    public Utf8Buffer text(String s) {
        for (int i = asciiPrefix(s, TEXT), n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': raw("&amp;"); break;
                case '<': raw("&lt;"); break;
                case '>': raw("&gt;"); break;
                case '\r': raw("&#xD;"); break;
                default: i = appendChar(s, i);
            }
        }
        return this;
    }

    /** Appends an attribute value: escapes {@code & < > " '} and TAB, LF, CR (kept through normalisation). */
    public Utf8Buffer attribute(String s) {
        for (int i = asciiPrefix(s, ATTRIBUTE), n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': raw("&amp;"); break;
                case '<': raw("&lt;"); break;
                case '>': raw("&gt;"); break;
                case '"': raw("&quot;"); break;
                case '\'': raw("&apos;"); break;
                case '\t': raw("&#x9;"); break;
                case '\n': raw("&#xA;"); break;
                case '\r': raw("&#xD;"); break;
                default: i = appendChar(s, i);
            }
        }
        return this;
    }

    /**
     * The hot path (a JFR profile of message routing had per-character appends on top): copies the longest prefix
     * of printable ASCII that needs no escaping in one tight loop, after one capacity check; returns where the
     * character-by-character path must go on.
     */
    private int asciiPrefix(String s, boolean[] plain) {
        int n = s.length();
        ensure(n);
        byte[] b = bytes;
        int len = length;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80 || !plain[c]) {
                break;
            }
            b[len++] = (byte) c;
            i++;
        }
        length = len;
        return i;
    }

    private static final boolean[] RAW = plain("");
    private static final boolean[] TEXT = plain("&<>");
    private static final boolean[] ATTRIBUTE = plain("&<>\"'");

    /** Printable ASCII (and space) except the given characters. */
    private static boolean[] plain(String escaped) {
        boolean[] t = new boolean[0x80];
        for (char c = 0x20; c < 0x7F; c++) {
            t[c] = escaped.indexOf(c) < 0;
        }
        return t;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    public int length() {
        return length;
    }

    /** Appends the character (or surrogate pair) at {@code i}; returns the index of the last char consumed. */
    private int appendChar(String s, int i) {
        char c = s.charAt(i);
        ensure(4);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                replacement();
            } else {
                bytes[length++] = (byte) c;
            }
        } else if (c < 0x800) {
            bytes[length++] = (byte) (0xC0 | (c >> 6));
            bytes[length++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            bytes[length++] = (byte) (0xF0 | (cp >> 18));
            bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (cp & 0x3F));
            return i + 1;
        } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
            replacement();
        } else {
            bytes[length++] = (byte) (0xE0 | (c >> 12));
            bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (c & 0x3F));
        }
        return i;
    }

    private void replacement() {
        bytes[length++] = (byte) 0xEF;
        bytes[length++] = (byte) 0xBF;
        bytes[length++] = (byte) 0xBD;
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
