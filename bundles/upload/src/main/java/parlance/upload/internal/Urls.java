package parlance.upload.internal;

import java.util.function.IntSupplier;

/**
 * The public URL of an upload: {@code <base>/upload/<token>/<name>}. The base is the configured external URL (for a
 * deployment behind a reverse proxy), else {@code https://<domain>:<https port>} while the HTTPS listener is up,
 * else {@code http://<domain>:<http port>}.
 */
final class Urls {
    static final String PATH = "/upload";
    static final int DEFAULT_HTTP_PORT = 5280;

    private final String external;
    private final String domain;
    private final IntSupplier httpsPort;
    private final IntSupplier httpPort;

    /** Ports are read per slot: 0 when that listener is not up. */
    Urls(String external, String domain, IntSupplier httpsPort, IntSupplier httpPort) {
        String e = external == null ? "" : external.trim();
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        this.external = e;
        this.domain = domain;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
    }

    String base() {
        if (!external.isEmpty()) {
            return external;
        }
        int tls = httpsPort.getAsInt();
        if (tls > 0) {
            return "https://" + domain + (tls == 443 ? "" : ":" + tls);
        }
        int plain = httpPort.getAsInt();
        plain = plain > 0 ? plain : DEFAULT_HTTP_PORT;
        return "http://" + domain + (plain == 80 ? "" : ":" + plain);
    }

    String url(String token, String safeName) {
        return base() + PATH + "/" + token + "/" + FileNames.urlSegment(safeName);
    }
}
