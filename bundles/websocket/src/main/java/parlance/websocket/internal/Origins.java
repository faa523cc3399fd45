package parlance.websocket.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The web origins allowed to use the BOSH endpoint from a browser (CORS, checked on {@code Origin}) and to open a
 * WebSocket (RFC 6455 §10.2): {@code *} for every origin (as Prosody 0.12 and later do for BOSH), or a comma
 * separated list such as {@code https://chat.example.org, http://localhost:8080}. A request without {@code Origin}
 * comes from a non-browser client and is always allowed.
 */
final class Origins {
    private final boolean any;
    private final Set<String> allowed = new LinkedHashSet<>();

    Origins(String config) {
        boolean star = false;
        for (String o : (config == null ? "" : config).split(",")) {
            String v = normalise(o);
            if (v.equals("*")) {
                star = true;
            } else if (!v.isEmpty()) {
                allowed.add(v);
            }
        }
        this.any = star;
    }

    /** True when a request with this {@code Origin} header (null: none) may be served. */
    boolean allows(String origin) {
        return origin == null || any || allowed.contains(normalise(origin));
    }

    /** The {@code Access-Control-Allow-Origin} value for this request, or null for none. */
    String allowOriginHeader(String origin) {
        if (any) {
            return "*";
        }
        return origin != null && allows(origin) ? origin : null;
    }

    /** True when the answer depends on the {@code Origin} header (caches must key on it). */
    boolean varies() {
        return !any;
    }

    private static String normalise(String origin) {
        String v = origin.trim().toLowerCase(Locale.ROOT);
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }
}
