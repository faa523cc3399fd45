package parlance.component.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The configured components and their shared secrets, and the XEP-0114 §3 handshake check: the component proves
 * the secret with the lowercase hex SHA-1 of the stream id followed by the secret.
 */
final class Secrets {
    private final Map<String, String> byDomain;

    private Secrets(Map<String, String> byDomain) {
        this.byDomain = Collections.unmodifiableMap(byDomain);
    }

    /**
     * Parses {@code domain=secret} entries; an entry may hold several, separated by commas or whitespace (ConfigAdmin
     * values from {@code etc/*.cfg} and system properties are one string). Domains go through {@code prepare}.
     *
     * @throws IllegalArgumentException naming a malformed entry
     */
    static Secrets parse(String[] entries, UnaryOperator<String> prepare) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String part : entry.split("[,\\s]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1) {
                    throw new IllegalArgumentException("expected domain=secret, not '" + part.replaceAll("=.*", "=…")
                            + "'");
                }
                map.put(prepare.apply(part.substring(0, eq).toLowerCase(Locale.ROOT)), part.substring(eq + 1));
            }
        }
        return new Secrets(map);
    }

    boolean knows(String domain) {
        return byDomain.containsKey(domain);
    }

    int size() {
        return byDomain.size();
    }

    /** XEP-0114 §3: true when {@code digest} is hex SHA-1(streamId + secret) of the domain (any letter case). */
    boolean verify(String domain, String streamId, String digest) {
        String secret = byDomain.get(domain);
        if (secret == null || digest == null) {
            return false;
        }
        byte[] expected = sha1(streamId + secret);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(digest.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    /** The handshake value a component sends (XEP-0114 §3), lowercase hex. */
    static String handshake(String streamId, String secret) {
        return HexFormat.of().formatHex(sha1(streamId + secret));
    }

    private static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
