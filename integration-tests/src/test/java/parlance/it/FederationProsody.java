package parlance.it;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Prosody from Debian ({@code /usr/bin/prosody}) on loopback for the federation tests: VirtualHost
 * {@code prosody.test} and a MUC component {@code conference.prosody.test} (XEP-0045), c2s and s2s on free ports,
 * its own data folder, certificates and debug log. Prosody reaches a Parlance on {@code localhost} through its
 * resolver (/etc/hosts) on the default s2s port 5269. Accounts have the password {@code pw-<name>}.
 */
final class FederationProsody implements AutoCloseable {
    static final String DOMAIN = "prosody.test";
    static final String MUC = "conference." + DOMAIN;

    private final Path dir;
    private final int c2s;
    private final int s2s;
    private final List<XMPPTCPConnection> connections = new ArrayList<>();
    private Process process;

    private FederationProsody(Path dir, int c2s, int s2s) {
        this.dir = dir;
        this.c2s = c2s;
        this.s2s = s2s;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/prosody")) && Files.isExecutable(Path.of("/usr/bin/prosodyctl"));
    }

    /**
     * Starts Prosody with the certificate {@code certs/prosody.test.crt}; with {@code caFile}, peer certificates are
     * checked against it and {@code s2s_secure_auth} requires them to validate (XEP-0178); without, dialback with any
     * certificate.
     */
    static FederationProsody start(Path dir, Path certs, Path caFile, String... users) throws Exception {
        FederationProsody p = new FederationProsody(dir, Distribution.freePort(), Distribution.freePort());
        p.launch(certs, caFile, users);
        return p;
    }

    private void launch(Path certs, Path caFile, String... users) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (var files = Files.walk(dir)) {
            files.forEach(f -> f.toFile().setReadable(true, false)); // prosodyctl may drop to the prosody user
        }
        data.toFile().setWritable(true, false);
        String ssl = "{ certificate = '" + certs.resolve(DOMAIN + ".crt") + "', key = '"
                + certs.resolve(DOMAIN + ".key") + "'" + (caFile == null ? "" : ", cafile = '" + caFile + "'") + " }";
        Path config = dir.resolve("prosody.cfg.lua");
        Files.writeString(config, String.join("\n",
                "run_as_root = true",
                "daemonize = false",
                "pidfile = '" + dir.resolve("prosody.pid") + "'",
                "data_path = '" + data + "'",
                "certificates = '" + certs + "'",
                "interfaces = { '127.0.0.1' }",
                "c2s_ports = { " + c2s + " }",
                "s2s_ports = { " + s2s + " }",
                "c2s_direct_tls_ports = { }",
                "s2s_direct_tls_ports = { }",
                "s2s_secure_auth = " + (caFile != null),
                "s2s_require_encryption = true",
                "ssl = " + ssl,
                "authentication = 'internal_plain'",
                "storage = 'internal'",
                "log = { debug = '" + dir.resolve("prosody.log") + "' }",
                "modules_enabled = { 'roster', 'saslauth', 'tls', 'dialback', 'disco', 'ping', 'version' }",
                "modules_disabled = { 'posix' }",
                "VirtualHost '" + DOMAIN + "'",
                "  ssl = " + ssl,
                "Component '" + MUC + "' 'muc'",
                "  ssl = " + ssl,
                "  restrict_room_creation = false",
                ""));
        for (String user : users) {
            FederationCerts.run(List.of("prosodyctl", "--config", config.toString(), "register", user, DOMAIN,
                    "pw-" + user));
        }
        process = new ProcessBuilder("prosody", "-F", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!FederationParlance.accepts(c2s) || !FederationParlance.accepts(s2s)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("Prosody did not start:\n" + Files.readString(dir.resolve("stdout.log")));
            }
            Thread.sleep(100);
        }
    }

    /** Parlance's static routes to this Prosody's s2s port, for the host and its MUC component. */
    String routes() {
        return DOMAIN + "=127.0.0.1:" + s2s + "," + MUC + "=127.0.0.1:" + s2s;
    }

    /** Logs {@code user} in over STARTTLS (any certificate: the tests are about s2s). */
    XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN).setHostAddress(InetAddress.getByName("127.0.0.1")).setPort(c2s)
                .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(new FederationParlance.TrustAll())
                .setConnectTimeout(10_000).build());
        c.setReplyTimeout(10_000);
        connections.add(c);
        c.connect().login(user, "pw-" + user, Resourcepart.from(resource));
        return c;
    }

    /** The end of Prosody's debug log, for failure messages. */
    String log() {
        return tail(dir.resolve("prosody.log"), 8000);
    }

    /** The whole debug log. */
    String fullLog() throws IOException {
        return Files.readString(dir.resolve("prosody.log"));
    }

    static String tail(Path file, int chars) {
        try {
            String text = Files.readString(file);
            return text.length() > chars ? text.substring(text.length() - chars) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (XMPPTCPConnection c : connections) {
            if (c.isConnected()) {
                c.instantShutdown();
            }
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
