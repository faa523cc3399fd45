package parlance.stream.internal.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the server's TLS identity (RFC 6120 §5, §13.7): loads it from the TLS folder, generates a self-signed one on
 * first start, builds a Netty {@link SslContext} (OpenSSL/BoringSSL when available, else the JDK provider; TLS 1.3
 * and 1.2 only) and polls the folder, swapping in a new context when the files change. Connections keep the
 * context they started with; new connections get the current one.
 */
public final class TlsManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsManager.class);
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** XEP-0368 §3: the ALPN protocol name of client-to-server XMPP over direct TLS. */
    public static final String ALPN_XMPP_CLIENT = "xmpp-client";
    private static final String IN_MEMORY_KEYSTORE = "JKS";
    /**
     * ALPN on the direct TLS port: select {@code xmpp-client} when offered; a client offering no ALPN or other
     * protocols only is still accepted (no protocol is selected), as XEP-0368 clients predating ALPN expect.
     */
    private static final ApplicationProtocolConfig DIRECT_ALPN = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN, ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ALPN_XMPP_CLIENT);

    private final Path dir;
    private final String domain;
    private final char[] password;
    private final SecureRandom random;
    private final SslProvider provider;
    private final ScheduledExecutorService watcher;
    private volatile TlsMaterial current;
    private String loadedFingerprint;
    private String failedFingerprint;

    public TlsManager(Path dir, String domain, String keystorePassword, SecureRandom random) {
        this.dir = dir;
        this.domain = domain;
        this.password = keystorePassword == null ? new char[0] : keystorePassword.toCharArray();
        this.random = random;
        this.provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        if (provider == SslProvider.OPENSSL) {
            LOG.info("TLS provider: OpenSSL ({})", OpenSsl.versionString());
        } else {
            LOG.info("TLS provider: JDK (OpenSSL unavailable: {})", String.valueOf(OpenSsl.unavailabilityCause()));
        }
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parlance-tls-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads (or first generates) the identity, then polls the folder every {@code pollMillis}. */
    public void start(long pollMillis) {
        try {
            if (!CertificateStore.hasCandidates(dir)) {
                SelfSignedCertificates.writePem(dir, domain, random);
                LOG.info("Generated a self-signed certificate for {} in {}", domain, dir);
            }
        } catch (IOException | GeneralSecurityException e) {
            LOG.error("Cannot create a self-signed certificate in {}: {}", dir, e.toString());
        }
        synchronized (this) {
            reloadIfChanged();
        }
        if (pollMillis > 0) {
            watcher.scheduleWithFixedDelay(() -> {
                synchronized (this) {
                    reloadIfChanged();
                }
            }, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The current material, or {@code null} when no identity could be loaded. */
    public TlsMaterial current() {
        return current;
    }

    public SslProvider provider() {
        return provider;
    }

    private void reloadIfChanged() {
        String fp;
        try {
            fp = fingerprint();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot scan {}: {}", dir, e.toString());
            return;
        }
        if (fp.equals(loadedFingerprint) || fp.equals(failedFingerprint)) {
            return;
        }
        try {
            CertificateStore.Identity id = CertificateStore.load(dir, domain, password);
            // The key passes through an in-memory KeyStore on its way to the engine. The JDK's default type,
            // PKCS12, encrypts it with 10,000 PBKDF2 rounds, for nothing in memory and at a cost that showed up as
            // the largest item of a cold start's profile; JKS stores it with a single cheap pass.
            SslContext ctx = SslContextBuilder.forServer(id.key, id.chain).keyStoreType(IN_MEMORY_KEYSTORE)
                    .sslProvider(provider).protocols(PROTOCOLS).build();
            SslContext direct = SslContextBuilder.forServer(id.key, id.chain).keyStoreType(IN_MEMORY_KEYSTORE)
                    .sslProvider(provider).protocols(PROTOCOLS).applicationProtocolConfig(DIRECT_ALPN).build();
            boolean first = current == null;
            current = new TlsMaterial(ctx, direct, id.chain.get(0), id.source);
            loadedFingerprint = fp;
            failedFingerprint = null;
            LOG.info("TLS certificate {} from {}: {} (expires {})", first ? "loaded" : "reloaded", id.source,
                    id.chain.get(0).getSubjectX500Principal().getName(), id.chain.get(0).getNotAfter().toInstant());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            failedFingerprint = fp;
            LOG.error("Cannot load the TLS certificate from {} ({}); {}", dir, e.getMessage(),
                    current == null ? "TLS is unavailable" : "keeping the previous one");
        }
    }

    /** A digest over the names and contents of the folder's files (they are small). */
    private String fingerprint() throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                    md.update(p.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    if (Files.size(p) < 1 << 20) {
                        md.update(Files.readAllBytes(p));
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
