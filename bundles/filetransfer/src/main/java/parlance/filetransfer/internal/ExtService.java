package parlance.filetransfer.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One configured external service (XEP-0215 §2): type ({@code stun}, {@code turn}, {@code stuns}, {@code turns}),
 * host, port, transport, and for TURN REST API credentials the shared secret and their lifetime. Parsed from a
 * URI {@code type:host[:port][?transport=..&secret=..&ttl=..]} (RFC 7064 §3.1, RFC 7065 §3.1).
 */
record ExtService(String type, String host, int port, String transport, String secret, long ttlSeconds) {

    boolean restricted() {
        return secret != null && !secret.isEmpty();
    }

    /** Parses every URI of every value (values may hold several, separated by spaces or semicolons). */
    static List<ExtService> parseAll(String[] values, long defaultTtl) {
        List<ExtService> services = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String uri : value.trim().split("[\\s;]+")) {
                    if (!uri.isEmpty()) {
                        services.add(parse(uri, defaultTtl));
                    }
                }
            }
        }
        return List.copyOf(services);
    }

    static ExtService parse(String uri, long defaultTtl) {
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a stun: or turn: URI: " + uri);
        }
        String type = uri.substring(0, colon).toLowerCase();
        if (!List.of("stun", "stuns", "turn", "turns").contains(type)) {
            throw new IllegalArgumentException("unknown service type " + type + " in " + uri);
        }
        String rest = uri.substring(colon + 1);
        Map<String, String> params = new HashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String p : rest.substring(q + 1).split("&")) {
                int eq = p.indexOf('=');
                if (eq > 0) {
                    params.put(p.substring(0, eq), p.substring(eq + 1));
                }
            }
            rest = rest.substring(0, q);
        }
        String host = rest;
        int port = type.endsWith("s") ? 5349 : 3478;
        int portColon = rest.lastIndexOf(':');
        if (portColon > 0 && rest.indexOf(']') < portColon) {
            host = rest.substring(0, portColon);
            port = Integer.parseInt(rest.substring(portColon + 1));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        String transport = params.getOrDefault("transport", type.endsWith("s") ? "tcp" : "udp");
        long ttl = params.containsKey("ttl") ? Long.parseLong(params.get("ttl")) : defaultTtl;
        return new ExtService(type, host, port, transport, params.get("secret"), ttl);
    }
}
