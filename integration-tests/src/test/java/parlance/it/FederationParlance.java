package parlance.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A packaged Parlance ({@code java -jar parlance.jar}, domain {@code localhost}) for the federation tests, whose
 * home may be seeded before it starts: its TLS identity ({@code <home>/etc/tls/localhost.crt|key}, read by c2s and
 * s2s alike) and the s2s trust anchors ({@code <home>/etc/<trust.file>}). In-band registration is open; accounts
 * have the password {@code pw-<name>}.
 */
final class FederationParlance implements AutoCloseable {
    static final String DOMAIN = "localhost";

    private final List<XMPPTCPConnection> connections = new CopyOnWriteArrayList<>();
    private final ServerProcess process;
    private final String domain;

    private FederationParlance(ServerProcess process, String domain) {
        this.process = process;
        this.domain = domain;
    }

    /**
     * Starts a server with a fresh home; {@code certs}, when given, holds the {@code localhost.crt/key} to use and
     * {@code trust}, when given, is copied to {@code <home>/etc/s2s-trust.pem} and named as {@code trust.file}.
     */
    static FederationParlance start(String name, Path certs, Path trust, String... properties) throws Exception {
        return start(name, DOMAIN, certs, trust, properties);
    }

    /** As {@link #start(String, Path, Path, String...)}, for another domain (with its own self-signed certificate). */
    static FederationParlance start(String name, String domain, Path certs, Path trust, String... properties)
            throws Exception {
        Path work = Distribution.freshDir(name + "-cwd");
        Path home = Distribution.freshDir(name + "-home");
        List<String> props = new ArrayList<>(List.of("parlance.registration=open", "parlance.domain=" + domain,
                "parlance.c2s.registrations.per.ip.per.hour=0"));
        if (certs != null) {
            Path tls = Files.createDirectories(home.resolve("etc/tls"));
            Files.copy(certs.resolve(domain + ".crt"), tls.resolve(domain + ".crt"));
            Files.copy(certs.resolve(domain + ".key"), tls.resolve(domain + ".key"));
        }
        if (trust != null) {
            Files.createDirectories(home.resolve("etc"));
            Files.copy(trust, home.resolve("etc/s2s-trust.pem"));
            props.add("parlance.s2s.trust.file=s2s-trust.pem");
        }
        props.addAll(List.of(properties));
        ServerProcess p = ServerProcess.start(work, home, props.toArray(new String[0]));
        FederationParlance server = new FederationParlance(p, domain);
        try {
            p.awaitLine("Parlance ready", 60_000);
        } catch (AssertionError e) {
            p.close();
            throw e;
        }
        return server;
    }

    ServerProcess process() {
        return process;
    }

    /** Registers {@code user} with password {@code pw-<user>} (XEP-0077). */
    void register(String... users) throws Exception {
        for (String user : users) {
            XMPPTCPConnection c = connect();
            try {
                AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
                AccountManager.getInstance(c).createAccount(Localpart.from(user), "pw-" + user);
            } finally {
                c.disconnect();
                connections.remove(c);
            }
        }
    }

    XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = connect();
        c.login(user, "pw-" + user, Resourcepart.from(resource));
        return c;
    }

    private XMPPTCPConnection connect() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain).setHostAddress(InetAddress.getByName("127.0.0.1"))
                .setPort(process.port("c2s.port")).setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(new TrustAll()).setConnectTimeout(10_000).build());
        c.setReplyTimeout(10_000);
        c.setUseStreamManagement(false);
        connections.add(c);
        c.connect();
        return c;
    }

    @Override
    public void close() throws InterruptedException {
        for (XMPPTCPConnection c : connections) {
            if (c.isConnected()) {
                c.instantShutdown();
            }
        }
        process.close();
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Test clients trust any server certificate: what these tests check is the servers' trust in each other. */
    static final class TrustAll implements X509TrustManager {
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
