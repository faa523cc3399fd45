package parlance.address.internal;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;
import parlance.api.address.JidFormatException;

/**
 * Prepares a domainpart per RFC 7622 §3.2: strips one trailing dot (§3.2.1), accepts IP literals (IPv4 dotted
 * quad or a bracketed IPv6 literal, RFC 3986 §3.2.2), and otherwise applies the IDNA2008 mapping of RFC 5895
 * (lowercase, width mapping, NFC), converts A-labels to U-labels and checks every label: not empty, at most 63
 * octets in its ASCII form, only letters, marks, digits and hyphens (an approximation of the IDNA2008 PVALID
 * classes of RFC 5892, stricter than IDNA2003's NamePrep which {@link IDN} implements). The whole result is at
 * most 1023 octets of UTF-8 (§3.2).
 *
 * <p>Results are kept in a small, fixed-size direct-mapped cache (a server sees few distinct domains), so the hot
 * path of routing is a hash lookup. The cache never grows: colliding entries replace each other.
 */
final class DomainPreparer {
    static final int MAX_OCTETS = 1023;
    private static final int CACHE_SLOTS = 512;
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern SIMPLE_LDH = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
            + "(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

    private final AtomicReferenceArray<Entry> cache = new AtomicReferenceArray<>(CACHE_SLOTS);

    /** An immutable cache entry: the raw input and its prepared form. */
    private static final class Entry {
        final String input;
        final String prepared;

        Entry(String input, String prepared) {
            this.input = input;
            this.prepared = prepared;
        }
    }

    String prepare(String domain) throws JidFormatException {
        if (domain == null || domain.isEmpty()) {
            throw new JidFormatException("empty domainpart");
        }
        if (domain.length() > 4 * MAX_OCTETS) {
            throw new JidFormatException("domainpart longer than 1023 octets");
        }
        int slot = domain.hashCode() & (CACHE_SLOTS - 1);
        Entry e = cache.get(slot);
        if (e != null && e.input.equals(domain)) {
            return e.prepared;
        }
        String prepared = prepareUncached(domain);
        cache.set(slot, new Entry(domain, prepared));
        return prepared;
    }

    private String prepareUncached(String domain) throws JidFormatException {
        String d = domain;
        // §3.2.1: a single trailing dot (the root label) is removed before anything else
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty()) {
            throw new JidFormatException("empty domainpart");
        }
        if (d.startsWith("[")) {
            return ipv6Literal(d);
        }
        if (!d.contains("xn--") && SIMPLE_LDH.matcher(d).matches()) {
            return checkLength(d);
        }
        String mapped = map(d);
        String[] labels = mapped.split("\\.", -1);
        StringBuilder out = new StringBuilder(mapped.length());
        for (String label : labels) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(label(label));
        }
        return checkLength(out.toString());
    }

    /** RFC 5895 §2: width mapping, lowercase, NFC; the ideographic full stops become dots (RFC 3490 §3.1). */
    private static String map(String d) {
        StringBuilder sb = new StringBuilder(d.length());
        d.codePoints().forEach(cp -> {
            if (cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61) {
                sb.append('.');
            } else if (cp >= 0xFF01 && cp <= 0xFFEE) {
                sb.append(Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return Normalizer.normalize(sb.toString().toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    private static String label(String label) throws JidFormatException {
        if (label.isEmpty()) {
            throw new JidFormatException("empty label in domainpart");
        }
        String unicode = label;
        if (label.startsWith("xn--")) {
            String decoded = Punycode.decode(label.substring(4));
            // RFC 5891 §5.4: an A-label must decode to a U-label that is already in its mapped, normalised form
            if (decoded == null || decoded.isEmpty()
                    || !decoded.equals(Normalizer.normalize(decoded.toLowerCase(Locale.ROOT), Normalizer.Form.NFC))) {
                throw new JidFormatException("invalid A-label in domainpart");
            }
            unicode = decoded;
        }
        if (unicode.startsWith("-") || unicode.endsWith("-")) {
            throw new JidFormatException("label starts or ends with a hyphen");
        }
        for (int i = 0; i < unicode.length(); ) {
            int cp = unicode.codePointAt(i);
            if (!allowed(cp)) {
                throw new JidFormatException("code point not allowed in domainpart: U+"
                        + Integer.toHexString(cp).toUpperCase(Locale.ROOT));
            }
            i += Character.charCount(cp);
        }
        try {
            // length of the ASCII form (max 63 octets per label) and the remaining IDNA checks
            IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES | IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException ex) {
            throw new JidFormatException("invalid label in domainpart");
        }
        return unicode;
    }

    /** Approximates IDNA2008 PVALID (RFC 5892 §2.6): lowercase/other letters, marks, digits, hyphen. */
    private static boolean allowed(int cp) {
        if (cp < 0x80) {
            return cp == '-' || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
        }
        if (cp == 0x200C || cp == 0x200D || cp == 0x00B7 || cp == 0x0375 || cp == 0x05F3 || cp == 0x05F4
                || cp == 0x30FB) {
            return true; // CONTEXTJ / CONTEXTO code points (RFC 5892 Appendix A)
        }
        switch (Character.getType(cp)) {
            case Character.LOWERCASE_LETTER:
            case Character.OTHER_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.NON_SPACING_MARK:
            case Character.COMBINING_SPACING_MARK:
            case Character.DECIMAL_DIGIT_NUMBER:
                return true;
            default:
                return false;
        }
    }

    private static String ipv6Literal(String d) throws JidFormatException {
        if (!d.endsWith("]") || d.length() < 4 || !IPV6_CHARS.matcher(d.substring(1, d.length() - 1)).matches()) {
            throw new JidFormatException("invalid IPv6 literal");
        }
        try {
            // only hex digits, colons and dots inside brackets: parsed as a literal, never looked up in DNS
            InetAddress.getByName(d);
        } catch (UnknownHostException ex) {
            throw new JidFormatException("invalid IPv6 literal");
        }
        return d.toLowerCase(Locale.ROOT);
    }

    private static String checkLength(String d) throws JidFormatException {
        if (d.getBytes(StandardCharsets.UTF_8).length > MAX_OCTETS) {
            throw new JidFormatException("domainpart longer than 1023 octets");
        }
        return d;
    }
}
