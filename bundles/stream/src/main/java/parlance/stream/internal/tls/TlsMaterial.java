package parlance.stream.internal.tls;

import io.netty.handler.ssl.SslContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * One loaded server identity: the Netty {@link SslContext} built from it, the leaf certificate and the
 * {@code tls-server-end-point} channel-binding data of RFC 5929 §4.1 (the certificate hashed with the hash of its
 * signature algorithm, SHA-256 when that is MD5 or SHA-1 or unknown). Immutable; a reload creates a new one.
 * The direct TLS port uses {@link #directContext()}, which adds ALPN (XEP-0368 §3).
 */
public final class TlsMaterial {
    private final SslContext context;
    private final SslContext directContext;
    private final X509Certificate certificate;
    private final byte[] serverEndPoint;
    private final String source;

    TlsMaterial(SslContext context, SslContext directContext, X509Certificate certificate, String source) {
        this.context = context;
        this.directContext = directContext;
        this.certificate = certificate;
        this.serverEndPoint = endPointHash(certificate);
        this.source = source;
    }

    public SslContext context() {
        return context;
    }

    /**
     * The context for the direct TLS port (XEP-0368 §3): the same identity, with the ALPN protocol
     * {@code xmpp-client} selected when the client offers it (clients that send no ALPN are accepted too).
     */
    public SslContext directContext() {
        return directContext;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A copy of the RFC 5929 {@code tls-server-end-point} binding data. */
    public byte[] serverEndPoint() {
        return serverEndPoint.clone();
    }

    /** Where this material came from (file names), for logs. */
    public String source() {
        return source;
    }

    static byte[] endPointHash(X509Certificate cert) {
        String sig = cert.getSigAlgName().toUpperCase(Locale.ROOT).replace("-", "");
        String hash = sig.startsWith("SHA384") ? "SHA-384" : sig.startsWith("SHA512") ? "SHA-512" : "SHA-256";
        try {
            return MessageDigest.getInstance(hash).digest(cert.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash certificate", e);
        }
    }
}
