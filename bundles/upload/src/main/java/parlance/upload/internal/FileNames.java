package parlance.upload.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names on disk and in URLs (XEP-0363 §4: the service chooses the URL; §7 Security: it must not let a client choose
 * paths). A slot's path is an unguessable 128-bit token plus the client's file name reduced to letters, digits,
 * {@code . - _} (no separators, no leading dot, so no traversal and no hidden files), at most {@value #MAX_LENGTH}
 * characters with the extension kept.
 */
final class FileNames {
    static final int MAX_LENGTH = 100;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Base64.Encoder TOKENS = Base64.getUrlEncoder().withoutPadding();

    private FileNames() {
    }

    /** A new random token of 128 bits, URL-safe base64 (22 characters). */
    static String newToken(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return TOKENS.encodeToString(bytes);
    }

    static boolean isToken(String s) {
        return s != null && TOKEN.matcher(s).matches();
    }

    /** The safe form of a client's file name; never empty, never {@code .} or {@code ..}, never with a separator. */
    static String sanitize(String filename) {
        String name = filename == null ? "" : filename;
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(cut + 1);
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> {
            boolean keep = Character.isLetterOrDigit(cp) || cp == '.' || cp == '-' || cp == '_';
            char last = out.length() == 0 ? 0 : out.charAt(out.length() - 1);
            if (keep) {
                out.appendCodePoint(cp);
            } else if (last != '_') {
                out.append('_');
            }
        });
        int start = 0;
        while (start < out.length() && (out.charAt(start) == '.' || out.charAt(start) == '_')) {
            start++;
        }
        String safe = out.substring(start);
        if (safe.codePointCount(0, safe.length()) > MAX_LENGTH) {
            int dot = safe.lastIndexOf('.');
            String ext = dot > 0 && safe.length() - dot <= 16 ? safe.substring(dot) : "";
            safe = safe.substring(0, safe.offsetByCodePoints(0, MAX_LENGTH - ext.length())) + ext;
        }
        return safe.isEmpty() ? "file" : safe;
    }

    /** Percent-encoding of a sanitized name as one URL path segment (RFC 3986 §2.1, UTF-8). */
    static String urlSegment(String safeName) {
        StringBuilder out = new StringBuilder();
        for (byte b : safeName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /** The media type of a Content-Type value without parameters, lower case; empty for none. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
