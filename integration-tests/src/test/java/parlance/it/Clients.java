package parlance.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/**
 * Real XMPP clients (Smack over TCP + STARTTLS) for the shared server: unique accounts created by in-band
 * registration (XEP-0077 §3.1), connections that trust exactly the server's self-signed certificate, timeouts
 * everywhere. One instance per test; {@link #close()} disconnects everything it opened.
 */
public final class Clients implements AutoCloseable {
    public static final long TIMEOUT_MILLIS = 5000;

    /** An account of the shared server. */
    public static final class Account {
        public final String username;
        public final String password;

        Account(String username, String password) {
            this.username = username;
            this.password = password;
        }

        public EntityBareJid jid() {
            return JidCreate.entityBareFromOrThrowUnchecked(username + "@" + SharedServer.DOMAIN);
        }

        public Account withPassword(String newPassword) {
            return new Account(username, newPassword);
        }

        @Override
        public String toString() {
            return username;
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger REGISTRATIONS =
            new java.util.concurrent.atomic.AtomicInteger();
    private final List<XMPPTCPConnection> connections = new CopyOnWriteArrayList<>();

    static {
        AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
    }

    /** The server's certificate, {@code <home>/etc/tls/localhost.crt} (leaf first). */
    public static X509Certificate serverCertificate() {
        Path crt = SharedServer.get().home().resolve("etc/tls/" + SharedServer.DOMAIN + ".crt");
        try (InputStream in = Files.newInputStream(crt)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificates(in).iterator().next();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + crt, e);
        }
    }

    /** Trusts the one certificate the server generated, nothing else. */
    public static X509TrustManager trustManager() {
        X509Certificate expected = serverCertificate();
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

    public static SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A configuration for the shared server's STARTTLS port; {@code custom} may change anything. */
    public static XMPPTCPConnectionConfiguration config(Consumer<XMPPTCPConnectionConfiguration.Builder> custom) {
        try {
            XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(SharedServer.DOMAIN)
                    .setHostAddress(InetAddress.getByName("127.0.0.1"))
                    .setPort(SharedServer.get().port("c2s.port"))
                    .setSecurityMode(SecurityMode.required)
                    .setCustomX509TrustManager(trustManager())
                    .setConnectTimeout((int) TIMEOUT_MILLIS);
            if (Boolean.getBoolean("it.smack.debug")) {
                b.setDebuggerFactory(org.jivesoftware.smack.debugger.ConsoleDebugger.Factory.INSTANCE);
            }
            custom.accept(b);
            return b.build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens TCP connections from another loopback address (the server sees a different client IP). */
    public static SocketFactory fromAddress(String localIp) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                Socket s = new Socket();
                s.bind(new InetSocketAddress(localIp, 0));
                return s;
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            private Socket connect(InetSocketAddress to) throws IOException {
                Socket s = createSocket();
                s.connect(to, (int) TIMEOUT_MILLIS);
                return s;
            }
        };
    }

    /** A connected (TLS, not yet authenticated) connection that is closed with this object. */
    public XMPPTCPConnection connect(XMPPTCPConnectionConfiguration config) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        c.setReplyTimeout(TIMEOUT_MILLIS);
        c.setUseStreamManagement(false);
        connections.add(c);
        c.connect();
        return c;
    }

    /** Creates a fresh account with a unique name by in-band registration (XEP-0077 §3.1). */
    public Account register() throws Exception {
        return register("u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    public Account register(String username) throws Exception {
        Account a = new Account(username, "pw-" + UUID.randomUUID());
        // the server allows 10 registrations per address and hour (XEP-0077 §12): spread them over 127.0.1.x
        int n = REGISTRATIONS.getAndIncrement();
        String source = "127.0.1." + (1 + (n / 5) % 250);
        XMPPTCPConnection c = connect(config(b -> b.setSocketFactory(fromAddress(source))));
        try {
            AccountManager.getInstance(c).createAccount(Localpart.from(a.username), a.password);
        } finally {
            c.disconnect();
            connections.remove(c);
        }
        return a;
    }

    /** Connects and logs in with a server-chosen resource. */
    public XMPPTCPConnection login(Account a) throws Exception {
        return login(a, null, b -> { });
    }

    public XMPPTCPConnection login(Account a, String resource) throws Exception {
        return login(a, resource, b -> { });
    }

    public XMPPTCPConnection login(Account a, String resource, Consumer<XMPPTCPConnectionConfiguration.Builder> custom)
            throws Exception {
        XMPPTCPConnection c = connect(config(b -> {
            b.setUsernameAndPassword(a.username, a.password);
            if (resource != null) {
                try {
                    b.setResource(resource);
                } catch (org.jxmpp.stringprep.XmppStringprepException e) {
                    throw new IllegalArgumentException(e);
                }
            }
            custom.accept(b);
        }));
        c.login();
        return c;
    }

    /** Registers a fresh account and logs it in. */
    public XMPPTCPConnection newUser() throws Exception {
        return login(register());
    }

    /** Collects the messages a connection receives, in arrival order (a synchronous listener keeps order). */
    public static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> q.add((Message) s), s -> s instanceof Message);
        return q;
    }

    public static <T extends Stanza> T poll(BlockingQueue<T> q, String what) throws InterruptedException {
        T t = q.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (t == null) {
            throw new AssertionError("no " + what + " within " + TIMEOUT_MILLIS + " ms");
        }
        return t;
    }

    /** Asserts that two fresh users can still log in and exchange a message: the server keeps serving. */
    public void assertServerServes() throws Exception {
        XMPPTCPConnection a = newUser();
        XMPPTCPConnection b = newUser();
        BlockingQueue<Message> inbox = inbox(b);
        String body = "still there " + UUID.randomUUID();
        a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(b.getUser()).setBody(body).build());
        Message m = poll(inbox, "message between two fresh users");
        if (!Objects.equals(body, m.getBody())) {
            throw new AssertionError("unexpected body " + m.getBody());
        }
    }

    /**
     * Waits until the entity capabilities (XEP-0115) a client that is not logged in yet will announce include
     * {@code feature}. Smack computes its new {@code ver} 25 ms after a feature is added, on another thread; when
     * that runs while login's initial presence is being sent, the presence carries the old {@code ver}, and Smack
     * re-sends presence only once it has recorded one as sent: the new {@code ver} may then never be announced
     * (seen under CI load). A server knows a client's features only from what it announces, so a test logs in
     * after this.
     */
    public static void awaitAnnounced(XMPPConnection c, String feature) throws InterruptedException {
        EntityCapsManager caps = EntityCapsManager.getInstanceFor(c);
        await("Smack's caps ver with " + feature, () -> {
            String nodeVer = caps.getLocalNodeVer();
            DiscoverInfo info = nodeVer == null ? null : EntityCapsManager.getDiscoveryInfoByNodeVer(nodeVer);
            return info != null && info.containsFeature(feature);
        });
    }

    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + ": not within " + TIMEOUT_MILLIS + " ms");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        List<XMPPTCPConnection> all = new ArrayList<>(connections);
        connections.clear();
        for (XMPPTCPConnection c : all) {
            try {
                if (c.isConnected()) {
                    c.disconnect();
                }
            } catch (RuntimeException e) {
                c.instantShutdown();
            }
        }
    }
}
