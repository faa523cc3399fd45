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
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * ejabberd from Debian ({@code ejabberdctl ... foreground}) on loopback for the federation tests: host
 * {@code ejabberd.test} with a self-signed certificate, c2s and s2s listeners on free ports, its own config folder,
 * Mnesia spool, logs, Erlang cookie ({@code HOME} is its folder) and node name, and Erlang distribution on a fixed
 * free port instead of epmd. ejabberd requires STARTTLS on s2s and, as it does not trust Parlance's certificate,
 * authenticates by dialback (mod_s2s_dialback). Its streams to {@code localhost} go to {@code outgoing_s2s_port}
 * (Parlance's s2s port). Accounts are registered in-band (XEP-0077) with the password {@code pw-<name>}.
 */
final class FederationEjabberd implements AutoCloseable {
    static final String DOMAIN = "ejabberd.test";
    private static final Path CTL = Path.of("/usr/sbin/ejabberdctl");

    private final Path dir;
    private final int c2s;
    private final int s2s;
    private final List<XMPPTCPConnection> connections = new ArrayList<>();
    private Process process;

    private FederationEjabberd(Path dir, int c2s, int s2s) {
        this.dir = dir;
        this.c2s = c2s;
        this.s2s = s2s;
    }

    /** Installed and usable: Debian's ejabberdctl runs only as root or as the user ejabberd. */
    static boolean installed() {
        String user = System.getProperty("user.name");
        return Files.isExecutable(CTL) && ("root".equals(user) || "ejabberd".equals(user));
    }

    /** Picks ports (for Parlance's route to it) without starting anything yet. */
    static FederationEjabberd prepare(Path dir) throws IOException {
        return new FederationEjabberd(dir, Distribution.freePort(), Distribution.freePort());
    }

    /** Parlance's static route to this server's s2s listener. */
    String route() {
        return DOMAIN + "=127.0.0.1:" + s2s;
    }

    /** Writes the configuration, starts the node, waits for its listeners and registers {@code users}. */
    void start(int parlanceS2sPort, String... users) throws Exception {
        Path certs = dir.resolve("certs");
        FederationCerts.selfSigned(certs, DOMAIN);
        Path pem = certs.resolve(DOMAIN + ".pem");
        Files.writeString(pem, Files.readString(certs.resolve(DOMAIN + ".crt"))
                + Files.readString(certs.resolve(DOMAIN + ".key")));
        Files.createDirectories(dir.resolve("db"));
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("inetrc"), "");
        Files.writeString(dir.resolve("ejabberdctl.cfg"), String.join("\n",
                "ERLANG_NODE=fedit" + ProcessHandle.current().pid() + "@localhost",
                "INET_DIST_INTERFACE=127.0.0.1",
                "ERL_DIST_PORT=" + Distribution.freePort(),
                "ERL_OPTIONS=\"-env ERL_CRASH_DUMP_BYTES 0\"",
                "EJABBERD_BYPASS_WARNINGS=true",
                "EXEC_CMD=as_current_user",
                ""));
        Files.writeString(dir.resolve("ejabberd.yml"), String.join("\n",
                "hosts:",
                "  - " + DOMAIN,
                "loglevel: info",
                "log_rotate_count: 0",
                "certfiles:",
                "  - \"" + pem + "\"",
                "listen:",
                "  - port: " + c2s,
                "    ip: \"127.0.0.1\"",
                "    module: ejabberd_c2s",
                "    starttls: true",
                "    starttls_required: true",
                "  - port: " + s2s,
                "    ip: \"127.0.0.1\"",
                "    module: ejabberd_s2s_in",
                "s2s_use_starttls: required",
                "outgoing_s2s_port: " + parlanceS2sPort,
                "outgoing_s2s_families:",
                "  - ipv4",
                "auth_method: internal",
                "auth_password_format: plain",
                "registration_timeout: infinity",
                "access_rules:",
                "  c2s:",
                "    allow: all",
                "  register:",
                "    allow: all",
                "shaper: {}",
                "modules:",
                "  mod_disco: {}",
                "  mod_ping: {}",
                "  mod_roster: {}",
                "  mod_s2s_dialback: {}",
                "  mod_register:",
                "    access: register",
                ""));
        process = command("foreground").redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!FederationParlance.accepts(c2s) || !FederationParlance.accepts(s2s)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("ejabberd did not start:\n" + FederationProsody.tail(dir.resolve("stdout.log"),
                        6000) + "\n" + log());
            }
            Thread.sleep(100);
        }
        for (String user : users) { // XEP-0077 in-band: quicker than an ejabberdctl (Erlang VM) per account
            XMPPTCPConnection c = connect();
            try {
                AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
                AccountManager.getInstance(c).createAccount(Localpart.from(user), "pw-" + user);
            } finally {
                c.disconnect();
            }
        }
    }

    private ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(CTL.toString(), "--config-dir", dir.toString(), "--logs",
                dir.resolve("logs").toString(), "--spool", dir.resolve("db").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("HOME", dir.toString()); // its own Erlang cookie
        pb.environment().put("EJABBERD_PID_PATH", dir.resolve("ejabberd.pid").toString());
        return pb;
    }

    XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = connect();
        connections.add(c);
        c.login(user, "pw-" + user, Resourcepart.from(resource));
        return c;
    }

    private XMPPTCPConnection connect() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN).setHostAddress(InetAddress.getByName("127.0.0.1")).setPort(c2s)
                .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(new FederationParlance.TrustAll())
                .setConnectTimeout(10_000).build());
        c.setReplyTimeout(10_000);
        c.connect();
        return c;
    }

    /** The end of ejabberd's log. */
    String log() {
        return FederationProsody.tail(dir.resolve("logs/ejabberd.log"), 8000);
    }

    @Override
    public void close() throws Exception {
        for (XMPPTCPConnection c : connections) {
            if (c.isConnected()) {
                c.instantShutdown();
            }
        }
        if (process == null) {
            return;
        }
        // SIGTERM to the Erlang VM (under the ejabberdctl shell) stops the node gracefully (init:stop)
        process.descendants().filter(h -> h.info().command().orElse("").endsWith("beam.smp"))
                .forEach(ProcessHandle::destroy);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
