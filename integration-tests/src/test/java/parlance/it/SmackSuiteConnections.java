package parlance.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.igniterealtime.smack.inttest.XmppConnectionDescriptor;
import org.igniterealtime.smack.inttest.XmppConnectionManager;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * Points Smack's integration test framework at the packaged server under test.
 * <p>
 * The framework's {@code Configuration} has a (package-private) host but no port, and trusts only the JVM's CAs or a
 * TLS pin. Its public hook is the registry of connection descriptors ({@link
 * XmppConnectionManager#addConnectionDescriptor}): every connection the framework builds – the registration connection, the three main
 * accounts and each low-level test's connections – starts from a descriptor's extra configuration. This class
 * replaces the built-in descriptors by ones that connect to {@code 127.0.0.1:<c2s port>} and trust exactly the
 * server's self-signed certificate (RFC 6120 §5.4.3: STARTTLS stays required and is really negotiated).
 * <p>
 * The registry is static (per JVM); the WebSocket descriptors are removed because the server under test offers no
 * WebSocket transport on the c2s port.
 */
final class SmackSuiteConnections {
    /** Nickname of the default (XMPPTCPConnection) descriptor; pass it to {@code setDefaultConnection}. */
    static final String TCP = "tcp";
    static final String MODULAR = "modular";

    private static final List<String> BUILT_IN = List.of("tcp", "modular", "modular-nocompress",
            "modular-websocket-okhttp", "modular-websocket-java11");

    private SmackSuiteConnections() {
    }

    /** Replaces the framework's connection descriptors by ones for the given c2s port and certificate. */
    static void install(int c2sPort, X509TrustManager tls) throws ReflectiveOperationException {
        for (String nickname : BUILT_IN) {
            XmppConnectionManager.removeConnectionDescriptor(nickname);
        }
        XmppConnectionManager.addConnectionDescriptor(
                XmppConnectionDescriptor.buildWith(XMPPTCPConnection.class, XMPPTCPConnectionConfiguration.class,
                        XMPPTCPConnectionConfiguration.Builder.class)
                        .withNickname(TCP)
                        .applyExtraConfiguration(b -> pointAtServer(b, c2sPort, tls))
                        .build());
        XmppConnectionManager.addConnectionDescriptor(
                XmppConnectionDescriptor.buildWith(ModularXmppClientToServerConnection.class,
                        ModularXmppClientToServerConnectionConfiguration.class,
                        ModularXmppClientToServerConnectionConfiguration.Builder.class)
                        .withNickname(MODULAR)
                        .applyExtraConfiguration(b -> pointAtServer(b, c2sPort, tls))
                        .build());
    }

    private static void pointAtServer(ConnectionConfiguration.Builder<?, ?> b, int port, X509TrustManager tls) {
        b.setHostAddress(InetAddress.getLoopbackAddress());
        b.setPort(port);
        // not setSslContextFactory: Smack re-initialises that context with the JVM's default trust managers
        b.setCustomX509TrustManager(tls);
    }

    /** A trust manager whose only trust anchor is the PEM certificate in {@code certificate}. */
    static X509TrustManager trusting(Path certificate) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("parlance-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                return (X509TrustManager) tm;
            }
        }
        throw new IllegalStateException("no X509TrustManager from " + tmf.getAlgorithm());
    }
}
