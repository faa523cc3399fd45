package parlance.address.internal;

/**
 * Punycode decoding (RFC 3492 §6.2), used to turn A-labels into U-labels (RFC 5891 §5.1). {@link java.net.IDN}
 * cannot be used for this: it re-applies IDNA2003 NamePrep and refuses A-labels such as {@code xn--fa-hia}
 * ({@code faß}), which IDNA2008 allows.
 */
final class Punycode {
    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 128;

    private Punycode() {
    }

    /** Decodes the part after {@code xn--}; returns {@code null} when it is not valid Punycode. */
    static String decode(String input) {
        int b = input.lastIndexOf('-');
        StringBuilder out = new StringBuilder(input.length());
        for (int j = 0; j < Math.max(b, 0); j++) {
            char c = input.charAt(j);
            if (c >= 0x80) {
                return null;
            }
            out.append(c);
        }
        int[] cps = out.codePoints().toArray();
        int len = cps.length;
        int[] output = new int[input.length()];
        System.arraycopy(cps, 0, output, 0, len);
        int n = INITIAL_N;
        int bias = INITIAL_BIAS;
        long i = 0;
        for (int in = b > 0 ? b + 1 : 0; in < input.length(); ) {
            long oldi = i;
            long w = 1;
            for (int k = BASE; ; k += BASE) {
                if (in >= input.length()) {
                    return null;
                }
                int digit = digit(input.charAt(in++));
                if (digit < 0) {
                    return null;
                }
                i += digit * w;
                if (i > Integer.MAX_VALUE) {
                    return null;
                }
                int t = k <= bias ? TMIN : Math.min(k - bias, TMAX);
                if (digit < t) {
                    break;
                }
                w *= BASE - t;
                if (w > Integer.MAX_VALUE) {
                    return null;
                }
            }
            bias = adapt((int) (i - oldi), len + 1, oldi == 0);
            n += (int) (i / (len + 1));
            if (n > Character.MAX_CODE_POINT) {
                return null;
            }
            i %= len + 1;
            System.arraycopy(output, (int) i, output, (int) i + 1, len - (int) i);
            output[(int) i] = n;
            len++;
            i++;
        }
        return new String(output, 0, len);
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        return -1;
    }

    private static int adapt(int delta, int numPoints, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / numPoints;
        int k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
    }
}
