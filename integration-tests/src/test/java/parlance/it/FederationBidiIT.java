package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Federation with Debian's Prosody 0.12 over one connection: Parlance reaches Prosody only through a direct-TLS
 * static route ({@code prosody.test=tls:127.0.0.1:<s2s_direct_tls_ports>}, XEP-0368), asks for a bidirectional
 * stream (XEP-0288, Prosody's {@code mod_s2s_bidi}) and authenticates with SASL EXTERNAL (certificates of a test CA
 * on both sides, XEP-0178); Prosody's messages to Parlance then come back over that same stream, so Prosody never
 * opens a connection of its own and Parlance never accepts one. Parlance listens on 5269 anyway (Prosody would
 * resolve {@code localhost} there if bidi failed): the class waits for that port, and is skipped when it stays
 * taken or prosody/openssl are missing.
 */
class FederationBidiIT {
    private static final String DOMAIN = "prosody.test";
    private static Path dir;
    private static Process prosody;
    private static int prosodyC2s;
    private static FederationParlance parlance;
    private static final List<XMPPTCPConnection> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(FederationProsody.installed() && FederationCerts.available(), "prosody or openssl is not installed");
        assumeTrue(FederationIT.awaitPortFree(5269, 240),
                "port 5269 is taken: Prosody finds Parlance only on the default s2s port");
        dir = Distribution.freshDir("federation-bidi");
        Path ca = FederationCerts.ca(dir.resolve("ca"));
        Path prosodyCerts = dir.resolve("prosody-certs");
        FederationCerts.signed(dir.resolve("ca"), prosodyCerts, DOMAIN);
        Path parlanceCerts = dir.resolve("parlance-certs");
        FederationCerts.signed(dir.resolve("ca"), parlanceCerts, FederationParlance.DOMAIN);
        int directTls = Distribution.freePort();
        startProsody(prosodyCerts, ca, directTls);
        parlance = FederationParlance.start("federation-bidi", parlanceCerts, ca, "parlance.s2s.port=5269",
                "parlance.s2s.tls.port=" + Distribution.freePort(), "parlance.s2s.secure=true",
                "parlance.s2s.routes=" + DOMAIN + "=tls:127.0.0.1:" + directTls);
        parlance.register("alice");
    }

    /** Prosody with STARTTLS s2s on a free port, direct TLS on {@code directTls}, mod_s2s_bidi, certificates. */
    private static void startProsody(Path certs, Path ca, int directTls) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (var files = Files.walk(dir)) {
            files.forEach(f -> f.toFile().setReadable(true, false));
        }
        data.toFile().setWritable(true, false);
        prosodyC2s = Distribution.freePort();
        int s2s = Distribution.freePort();
        String ssl = "{ certificate = '" + certs.resolve(DOMAIN + ".crt") + "', key = '"
                + certs.resolve(DOMAIN + ".key") + "', cafile = '" + ca + "' }";
        Path config = dir.resolve("prosody.cfg.lua");
        Files.writeString(config, String.join("\n",
                "run_as_root = true",
                "daemonize = false",
                "pidfile = '" + dir.resolve("prosody.pid") + "'",
                "data_path = '" + data + "'",
                "certificates = '" + certs + "'",
                "interfaces = { '127.0.0.1' }",
                "c2s_ports = { " + prosodyC2s + " }",
                "s2s_ports = { " + s2s + " }",
                "c2s_direct_tls_ports = { }",
                "s2s_direct_tls_ports = { " + directTls + " }",
                "s2s_secure_auth = true",
                "s2s_require_encryption = true",
                "ssl = " + ssl,
                "s2s_direct_tls_ssl = " + ssl,
                "authentication = 'internal_plain'",
                "storage = 'internal'",
                "log = { debug = '" + dir.resolve("prosody.log") + "' }",
                "modules_enabled = { 'roster', 'saslauth', 'tls', 'dialback', 'disco', 'ping', 's2s_bidi' }",
                "modules_disabled = { 'posix' }",
                "VirtualHost '" + DOMAIN + "'",
                "  ssl = " + ssl,
                ""));
        FederationCerts.run(List.of("prosodyctl", "--config", config.toString(), "register", "carol", DOMAIN,
                "pw-carol"));
        prosody = new ProcessBuilder("prosody", "-F", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!FederationParlance.accepts(prosodyC2s) || !FederationParlance.accepts(directTls)) {
            if (System.nanoTime() > deadline || !prosody.isAlive()) {
                throw new AssertionError("Prosody did not start:\n" + Files.readString(dir.resolve("stdout.log")));
            }
            Thread.sleep(100);
        }
    }

    private static XMPPTCPConnection carol() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN).setHostAddress(InetAddress.getByName("127.0.0.1")).setPort(prosodyC2s)
                .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(new FederationParlance.TrustAll())
                .setConnectTimeout(10_000).build());
        c.setReplyTimeout(10_000);
        clients.add(c);
        c.connect().login("carol", "pw-carol", Resourcepart.from("phone"));
        return c;
    }

    @AfterAll
    static void stop() throws Exception {
        for (XMPPTCPConnection c : clients) {
            if (c.isConnected()) {
                c.instantShutdown();
            }
        }
        if (parlance != null) {
            parlance.close();
        }
        if (prosody != null) {
            prosody.destroy();
            if (!prosody.waitFor(10, TimeUnit.SECONDS)) {
                prosody.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String prosodyLog() {
        try {
            return Files.readString(dir.resolve("prosody.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String diagnostics() {
        return "Parlance output:\n" + FederationIT.tail(parlance.process().output()) + "\nProsody log:\n"
                + FederationIT.tail(prosodyLog());
    }

    @Test
    void overDirectTlsWithBidiMessagesFlowBothWaysOnOneConnection() throws Exception {
        XMPPTCPConnection alice = parlance.login("alice", "desk");
        XMPPTCPConnection carol = carol();
        FederationScenarios.messagesBothWays(alice, carol, FederationBidiIT::diagnostics);
        FederationScenarios.messagesBothWays(carol, alice, FederationBidiIT::diagnostics);

        String out = parlance.process().output();
        assertTrue(out.contains("s2s localhost -> prosody.test: direct TLS up (XEP-0368)"),
                () -> "no direct TLS; " + diagnostics());
        assertTrue(out.contains("s2s localhost -> prosody.test: requesting a bidirectional stream (XEP-0288)"),
                () -> "Prosody offered no bidi; " + diagnostics());
        String log = prosodyLog();
        assertTrue(log.contains("Requested bidirectional stream"), () -> "Prosody saw no bidi; " + diagnostics());
        assertTrue(log.contains("Accepting SASL EXTERNAL identity from localhost"),
                () -> "Prosody did not accept our certificate; " + diagnostics());
        // one connection: Prosody never connected to Parlance (neither for stanzas nor for dialback)
        assertFalse(out.contains("-> localhost authenticated"), () -> "Prosody connected back; " + diagnostics());
        assertFalse(java.util.regex.Pattern.compile("s2sout[0-9a-f]{6,}").matcher(log).find(),
                () -> "Prosody opened an outgoing s2s session; " + diagnostics());
        assertEquals(1, count(log, "Incoming s2s connection\n"), () -> "more than our one connection; "
                + diagnostics());
        assertTrue(log.contains("Sending[s2sin]: <message"), () -> "Prosody's messages did not use the incoming "
                + "stream; " + diagnostics());
    }

    private static int count(String text, String line) {
        int n = 0;
        for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) {
            n++;
        }
        return n;
    }
}
