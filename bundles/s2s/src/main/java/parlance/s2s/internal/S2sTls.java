package parlance.s2s.internal;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.tls.ServerIdentity;

/**
 * TLS for s2s streams (RFC 6120 §5, §13.7.2): the server's own certificate from {@code <home>/etc/tls} (the one c2s
 * uses, {@link ServerIdentity}) on both sides of a stream, the peer's certificate always requested and accepted at
 * the handshake, and judged afterwards by {@link #trusted} and {@link PeerIdentity}: a stream with an untrusted
 * certificate may still authenticate by dialback unless the configuration is secure.
 */
final class S2sTls {
    private static final Logger LOG = LoggerFactory.getLogger(S2sTls.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private final Path dir;
    private final String domain;
    private final char[] password;
    private final X509TrustManager trust;
    /** XEP-0368 §3 rule 9 / §7: the ALPN protocol id of {@code jabber:server} streams over direct TLS. */
    static final String ALPN = "xmpp-server";
    private volatile SslContext server;
    private volatile SslContext client;
    private volatile SslContext directServer;
    private volatile SslContext directClient;

    S2sTls(Path dir, String domain, String password, X509TrustManager trust) {
        this.dir = dir;
        this.domain = domain;
        this.password = password == null ? new char[0] : password.toCharArray();
        this.trust = trust == null ? defaultTrust() : trust;
    }

    /** The context for accepted streams, or null when no certificate is available (yet). */
    SslContext server() {
        load();
        return server;
    }

    /** The context for streams we open. */
    SslContext client() {
        load();
        return client;
    }

    /**
     * The context of the direct-TLS listener (XEP-0368): as {@link #server()}, and selecting ALPN
     * {@code xmpp-server}; a client offering ALPN without it gets a fatal alert (RFC 7301 §3.2), one offering none
     * is accepted (§3 rule 7: ALPN is a SHOULD).
     */
    SslContext directServer() {
        load();
        return directServer;
    }

    /** The context of direct-TLS connections we open (XEP-0368): as {@link #client()}, offering ALPN xmpp-server. */
    SslContext directClient() {
        load();
        return directClient;
    }

    private static ApplicationProtocolConfig alpn(ApplicationProtocolConfig.SelectorFailureBehavior selector) {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN, selector,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ALPN);
    }

    private synchronized void load() {
        if (server != null) {
            return;
        }
        try {
            ServerIdentity id = ServerIdentity.load(dir, domain, password);
            if (id == null) {
                LOG.warn("No certificate in {}: s2s TLS is unavailable", dir);
                return;
            }
            X509Certificate[] chain = id.chain().toArray(new X509Certificate[0]);
            client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                    .keyManager(id.key(), chain).trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            server = SslContextBuilder.forServer(id.key(), chain).sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                    .clientAuth(ClientAuth.OPTIONAL).trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            directClient = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                    .keyManager(id.key(), chain).trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .applicationProtocolConfig(alpn(ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE))
                    .build();
            directServer = SslContextBuilder.forServer(id.key(), chain).sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS).clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .applicationProtocolConfig(alpn(ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT))
                    .build();
            LOG.info("s2s TLS certificate from {}", id.source());
        } catch (Exception e) {
            LOG.error("Cannot load the s2s TLS certificate from {}: {}", dir, e.toString());
        }
    }

    /** True when the peer's chain validates against the trust anchors (PKIX, RFC 5280). */
    boolean trusted(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return false;
        }
        try {
            trust.checkServerTrusted(chain, "UNKNOWN");
            return true;
        } catch (Exception e) {
            LOG.debug("Peer certificate not trusted: {}", e.toString());
            return false;
        }
    }

    /**
     * A trust manager whose anchors are exactly the certificates of a PEM file (a private CA, or pinned peer
     * certificates) instead of the JDK's trust store.
     */
    static X509TrustManager anchors(Path pemFile) throws java.io.IOException, java.security.GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int n = 0;
        for (X509Certificate c : ServerIdentity.certificates(java.nio.file.Files.readString(pemFile))) {
            store.setCertificateEntry("anchor-" + n++, c);
        }
        if (n == 0) {
            throw new java.security.GeneralSecurityException("no certificate in " + pemFile);
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                return (X509TrustManager) tm;
            }
        }
        throw new java.security.GeneralSecurityException("no X509TrustManager");
    }

    private static X509TrustManager defaultTrust() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    return (X509TrustManager) tm;
                }
            }
        } catch (Exception e) {
            LOG.warn("No default trust store: {}", e.toString());
        }
        throw new IllegalStateException("no X509TrustManager");
    }
}
