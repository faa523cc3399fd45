package parlance.s2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;

/** One in-process federating server for the socket tests: its own domain, certificate, port and a recording router. */
final class Peer implements AutoCloseable {
    final String domain;
    final int port;
    final BlockingQueue<Stanza> routed = new LinkedBlockingQueue<>();
    final S2sServer server;
    /** The XEP-0368 direct-TLS listener's port, or 0 when {@link Options#tlsPort} was -1. */
    final int tlsPort;

    /** Settings beyond the common ones; defaults as a plain test peer needs them. */
    static final class Options {
        int port;
        X509TrustManager trust;
        boolean secure;
        int connectTimeout = 20;
        int queueLimit = 100;
        int idleSeconds = 60;
        String[] routes = new String[0];
        /** -1: no direct-TLS listener; 0: any free port. */
        int tlsPort = -1;
        boolean bidi = true;
        int maxConnectionsPerDomain = 10;
        int stanzaRate;
        /** Replaces the DNS look-ups of the resolver (XEP-0368 tests), else null. */
        java.util.function.Function<String, java.util.List<Resolver.Srv>> srv;
    }

    Peer(String domain, int port, Path home, boolean secure, int connectTimeout, int queueLimit, String... routes)
            throws Exception {
        this(domain, port, home, null, secure, connectTimeout, queueLimit, 60, routes);
    }

    Peer(String domain, int port, Path home, X509TrustManager trust, boolean secure, int connectTimeout,
            int queueLimit, int idleSeconds, String... routes) throws Exception {
        this(domain, home, options(port, trust, secure, connectTimeout, queueLimit, idleSeconds, routes));
    }

    private static Options options(int port, X509TrustManager trust, boolean secure, int connectTimeout,
            int queueLimit, int idleSeconds, String... routes) {
        Options o = new Options();
        o.port = port;
        o.trust = trust;
        o.secure = secure;
        o.connectTimeout = connectTimeout;
        o.queueLimit = queueLimit;
        o.idleSeconds = idleSeconds;
        o.routes = routes;
        return o;
    }

    Peer(String domain, Path home, Options o) throws Exception {
        this.domain = domain;
        Path tls = home.resolve(domain);
        Files.createDirectories(tls);
        certificate(tls, domain);
        S2sTls s2sTls = new S2sTls(tls, domain, "changeit", o.trust);
        Router router = new Router() {
            @Override
            public void route(Stanza stanza) {
                routed.add(stanza);
            }

            @Override
            public void receive(ClientSession origin, Stanza stanza) {
                routed.add(stanza);
            }
        };
        this.server = new S2sServer(domain, config(o), s2sTls, () -> router, Preparer::new, o.srv == null ? null
                : new Resolver(o.routes) {
                    @Override
                    List<Srv> srv(String name) {
                        return o.srv.apply(name);
                    }
                });
        this.port = server.listen("127.0.0.1", o.port).getPort();
        this.tlsPort = o.tlsPort < 0 ? 0 : server.listenTls("127.0.0.1", o.tlsPort).getPort();
    }

    Stanza next() throws InterruptedException {
        return routed.poll(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A self-signed certificate with subjectAltName dNSName {@code domain}, made by the JDK's keytool. */
    static void certificate(Path dir, String domain) throws Exception {
        if (Files.exists(dir.resolve(domain + ".p12"))) {
            return;
        }
        Files.createDirectories(dir);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", domain, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + domain, "-ext", "san=dns:" + domain, "-validity", "30",
                "-keystore", dir.resolve(domain + ".p12").toString(), "-storetype", "PKCS12", "-storepass",
                "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    /** A trust manager whose anchors are exactly the certificates of these peers' keystores (made first). */
    static X509TrustManager trusting(Path home, String... domains) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        for (String d : domains) {
            certificate(home.resolve(d), d);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(home.resolve(d).resolve(d + ".p12"))) {
                ks.load(in, "changeit".toCharArray());
            }
            anchors.setCertificateEntry(d, ks.getCertificate(d));
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
        f.init(anchors);
        return (X509TrustManager) f.getTrustManagers()[0];
    }

    static S2sConfig config(Options o) {
        return new S2sConfig() {
            public Class<? extends Annotation> annotationType() {
                return S2sConfig.class;
            }

            public int port() {
                return 0;
            }

            public int tls_port() {
                return o.tlsPort;
            }

            public boolean bidi() {
                return o.bidi;
            }

            public int max_connections_per_domain() {
                return o.maxConnectionsPerDomain;
            }

            public int stanza_rate() {
                return o.stanzaRate;
            }

            public boolean secure() {
                return o.secure;
            }

            public String[] routes() {
                return o.routes;
            }

            public int connect_timeout_seconds() {
                return o.connectTimeout;
            }

            public int idle_timeout_seconds() {
                return o.idleSeconds;
            }

            public int queue_limit() {
                return o.queueLimit;
            }

            public int max_stanza_size() {
                return 65536;
            }

            public String trust_file() {
                return "";
            }

            public String tls_keystore_password() {
                return "changeit";
            }
        };
    }

    /** Lower-cases; splits local@domain/resource. */
    static final class Preparer implements AddressPreparer {
        @Override
        public Jid parse(String text) throws JidFormatException {
            int slash = text.indexOf('/');
            String bare = slash < 0 ? text : text.substring(0, slash);
            int at = bare.indexOf('@');
            if (bare.isEmpty() || at == bare.length() - 1) {
                throw new JidFormatException("bad address: " + text);
            }
            return Jid.ofPrepared(at < 0 ? null : bare.substring(0, at).toLowerCase(Locale.ROOT),
                    bare.substring(at + 1).toLowerCase(Locale.ROOT), slash < 0 ? null : text.substring(slash + 1));
        }

        @Override
        public String prepareLocal(String local) {
            return local.toLowerCase(Locale.ROOT);
        }

        @Override
        public String prepareResource(String resource) {
            return resource;
        }

        @Override
        public String prepareDomain(String domain) {
            return domain.toLowerCase(Locale.ROOT);
        }

        @Override
        public String preparePassword(String password) {
            return password;
        }
    }
}
