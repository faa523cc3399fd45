package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Federation with Prosody from Debian (RFC 6120 s2s, XEP-0220 dialback over STARTTLS) in both directions: a Smack
 * client on Parlance ({@code localhost}) messages a Smack client on Prosody ({@code prosody.test}) and gets its reply.
 * Parlance reaches Prosody by a static route to Prosody's {@code s2s_ports}; Prosody reaches Parlance by resolving
 * {@code localhost} (its resolver reads /etc/hosts) on the default port 5269, so Parlance's s2s listener is on 5269
 * here, and Prosody also verifies our dialback key over that connection. Skipped when prosody, prosodyctl or
 * openssl is missing or port 5269 is taken.
 */
class FederationIT {
    private static final String PROSODY_DOMAIN = "prosody.test";
    private Process prosody;
    private PrivateServer parlance;
    private XMPPTCPConnection carol;

    @AfterEach
    void stop() throws Exception {
        if (carol != null) {
            carol.disconnect();
        }
        if (parlance != null) {
            parlance.close();
        }
        if (prosody != null) {
            prosody.destroy();
            prosody.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void messageToAProsodyUserAndItsReply() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prosody")) && Files.isExecutable(Path.of("/usr/bin/prosodyctl"))
                && Files.isExecutable(Path.of("/usr/bin/openssl")), "prosody, prosodyctl or openssl is not installed");
        assumeTrue(portFree(5269), "port 5269 is taken: Prosody finds Parlance only on the default s2s port");
        int c2s = Distribution.freePort();
        int s2s = Distribution.freePort();
        Path dir = Distribution.freshDir("prosody");
        startProsody(dir, c2s, s2s);

        parlance = PrivateServer.start("federation", "parlance.s2s.port=5269", "parlance.s2s.secure=false",
                "parlance.s2s.routes=" + PROSODY_DOMAIN + "=127.0.0.1:" + s2s);
        parlance.register("alice");
        XMPPTCPConnection alice = parlance.login("alice", "it");

        carol = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(PROSODY_DOMAIN).setHostAddress(InetAddress.getByName("127.0.0.1")).setPort(c2s)
                .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(new TrustAll())
                .setConnectTimeout(10_000).build());
        carol.setReplyTimeout(10_000);
        carol.connect().login("carol", "pw-carol", Resourcepart.from("phone"));
        carol.addAsyncStanzaListener(s -> {
            Message m = (Message) s;
            try {
                carol.sendStanza(carol.getStanzaFactory().buildMessageStanza().to(m.getFrom())
                        .ofType(Message.Type.chat).setBody("re: " + m.getBody()).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, s -> s instanceof Message && ((Message) s).getBody() != null);

        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        alice.addSyncStanzaListener(s -> inbox.add((Message) s), s -> s instanceof Message);
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom("carol@" + PROSODY_DOMAIN)).ofType(Message.Type.chat)
                .setBody("hello from parlance").build());

        Message reply = inbox.poll(30, TimeUnit.SECONDS);
        assertNotNull(reply, "no reply from the Prosody user; Prosody log:\n" + log(dir));
        assertEquals("re: hello from parlance", reply.getBody());
        assertEquals("carol@" + PROSODY_DOMAIN + "/phone", reply.getFrom().toString());
        assertEquals(Message.Type.chat, reply.getType());
    }

    private void startProsody(Path dir, int c2s, int s2s) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Path data = Files.createDirectories(dir.resolve("data"));
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + PROSODY_DOMAIN,
                "-addext", "subjectAltName=DNS:" + PROSODY_DOMAIN, "-days", "2",
                "-keyout", certs.resolve(PROSODY_DOMAIN + ".key").toString(),
                "-out", certs.resolve(PROSODY_DOMAIN + ".crt").toString()));
        for (Path p : List.of(dir, certs, data, certs.resolve(PROSODY_DOMAIN + ".key"),
                certs.resolve(PROSODY_DOMAIN + ".crt"))) {
            p.toFile().setReadable(true, false); // prosodyctl may drop to the prosody user
            p.toFile().setWritable(true, false);
            p.toFile().setExecutable(true, false);
        }
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
                "s2s_secure_auth = false",
                "s2s_require_encryption = true",
                "authentication = 'internal_plain'",
                "storage = 'internal'",
                "log = { debug = '" + dir.resolve("prosody.log") + "' }",
                "modules_enabled = { 'roster', 'saslauth', 'tls', 'dialback', 'disco', 'ping' }",
                "modules_disabled = { 'posix' }",
                "VirtualHost '" + PROSODY_DOMAIN + "'",
                "  ssl = { certificate = '" + certs.resolve(PROSODY_DOMAIN + ".crt") + "', key = '"
                        + certs.resolve(PROSODY_DOMAIN + ".key") + "' }",
                ""));
        run(List.of("prosodyctl", "--config", config.toString(), "register", "carol", PROSODY_DOMAIN, "pw-carol"));
        prosody = new ProcessBuilder("prosody", "-F", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!accepts(c2s) || !accepts(s2s)) {
            if (System.nanoTime() > deadline || !prosody.isAlive()) {
                throw new AssertionError("Prosody did not start:\n" + Files.readString(dir.resolve("stdout.log")));
            }
            Thread.sleep(100);
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + out);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String log(Path dir) {
        try {
            String text = Files.readString(dir.resolve("prosody.log"));
            return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
