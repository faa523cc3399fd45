package parlance.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A packaged server ({@code java -jar parlance.jar}) of one test's own, for what the {@link SharedServer} must not
 * see: a restart on the same home, bundles taken out of {@code <home>/deploy/}, a JVM to measure. Domain
 * {@code localhost}, in-band registration open; accounts have the password {@code pw-<name>}. Smack connections
 * (STARTTLS, trusting exactly this server's generated certificate) are closed with it.
 */
public final class PrivateServer implements AutoCloseable {
    public static final String DOMAIN = "localhost";
    private static final long TIMEOUT_MILLIS = Clients.TIMEOUT_MILLIS;

    private final Path work;
    private final Path home;
    private final String[] properties;
    private final List<XMPPTCPConnection> connections = new CopyOnWriteArrayList<>();
    private ServerProcess process;

    private PrivateServer(String name, String... extraProperties) throws IOException {
        work = Distribution.freshDir(name + "-cwd");
        home = Distribution.freshDir(name + "-home");
        List<String> props = new ArrayList<>(List.of("parlance.registration=open", "parlance.domain=" + DOMAIN,
                "parlance.c2s.registrations.per.ip.per.hour=0"));
        props.addAll(List.of(extraProperties));
        properties = props.toArray(new String[0]);
    }

    /** Starts a fresh server (new home) and waits for its ready line. */
    public static PrivateServer start(String name, String... extraProperties) throws Exception {
        PrivateServer s = new PrivateServer(name, extraProperties);
        s.startProcess();
        return s;
    }

    private void startProcess() throws Exception {
        process = ServerProcess.start(work, home, properties);
        process.awaitLine("Parlance ready", 60_000);
    }

    /** Stops the server with SIGTERM (clients are dropped first) and starts it again on the same home. */
    public void restart() throws Exception {
        closeConnections();
        if (!process.terminate(10_000)) {
            throw new AssertionError("the server did not stop within 10 s of SIGTERM:\n" + process.output());
        }
        startProcess();
    }

    public ServerProcess process() {
        return process;
    }

    public Path home() {
        return home;
    }

    public long pid() {
        return process.process().pid();
    }

    public static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + DOMAIN);
    }

    /** Registers {@code user} with password {@code pw-<user>} (XEP-0077). */
    public void register(String user) throws Exception {
        XMPPTCPConnection c = connect();
        try {
            AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
            AccountManager.getInstance(c).createAccount(Localpart.from(user), "pw-" + user);
        } finally {
            c.disconnect();
            connections.remove(c);
        }
    }

    /** Logs {@code user} in with resource {@code res}. */
    public XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = connect();
        c.login(user, "pw-" + user, Resourcepart.from(resource));
        return c;
    }

    private XMPPTCPConnection connect() throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHostAddress(InetAddress.getByName("127.0.0.1"))
                .setPort(process.port("c2s.port"))
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trusting(certificate()))
                .setConnectTimeout((int) TIMEOUT_MILLIS)
                .build();
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        c.setReplyTimeout(TIMEOUT_MILLIS);
        c.setUseStreamManagement(false);
        connections.add(c);
        c.connect();
        return c;
    }

    private X509Certificate certificate() throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(home.resolve("etc/tls/" + DOMAIN + ".crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static X509TrustManager trusting(X509Certificate expected) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("no client certificates here");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain == null || chain.length == 0 || !expected.equals(chain[0])) {
                    throw new CertificateException("not the server's certificate");
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[] {expected};
            }
        };
    }

    private void closeConnections() {
        for (XMPPTCPConnection c : new ArrayList<>(connections)) {
            try {
                if (c.isConnected()) {
                    c.disconnect();
                }
            } catch (RuntimeException e) {
                c.instantShutdown();
            }
        }
        connections.clear();
    }

    @Override
    public void close() throws InterruptedException {
        closeConnections();
        if (process != null) {
            process.close();
        }
    }
}
