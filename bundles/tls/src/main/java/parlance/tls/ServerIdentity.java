package parlance.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server's TLS identity (key and certificate chain) as found in {@code <home>/etc/tls}, read the way the c2s
 * listener reads it, for the bundles that need the same certificate (HTTPS, the console's certificates page): {@code <domain>.crt} +
 * {@code <domain>.key} (PEM, RFC 7468) first, then any other {@code *.crt}/{@code *.pem} with its key, then a
 * {@code *.p12}/{@code *.pfx} (PKCS#12, RFC 7292). Keys may be PKCS#8 (RFC 5208), PKCS#1 RSA (RFC 8017 A.1.2) or SEC1
 * EC (RFC 5915).
 */
public final class ServerIdentity {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ALG = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final String source;

    public ServerIdentity(PrivateKey key, List<X509Certificate> chain, String source) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.source = source;
    }

    /** The private key of the leaf certificate. */
    public PrivateKey key() {
        return key;
    }

    /** The certificate chain, leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The file it was read from (for logs and the console). */
    public String source() {
        return source;
    }

    /** The first usable identity in {@code dir}, or {@code null} when the folder holds none (yet). */
    public static ServerIdentity load(Path dir, String domain, char[] p12Password) throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        Path domainCert = dir.resolve(domain + ".crt");
        if (files.remove(domainCert)) {
            files.add(0, domainCert);
        }
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            try {
                ServerIdentity id = null;
                if (n.endsWith(".crt") || n.endsWith(".pem")) {
                    id = pemFile(f);
                } else if (n.endsWith(".p12") || n.endsWith(".pfx")) {
                    try (InputStream in = Files.newInputStream(f)) {
                        id = pkcs12(in, p12Password, f.getFileName().toString());
                    }
                }
                if (id != null) {
                    return id;
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                problems.add(f.getFileName() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new GeneralSecurityException("no usable certificate in " + dir + " " + problems);
        }
        return null;
    }

    private static ServerIdentity pemFile(Path certFile) throws IOException, GeneralSecurityException {
        String text = Files.readString(certFile);
        List<X509Certificate> chain = certificates(text);
        if (chain.isEmpty()) {
            return null;
        }
        PrivateKey key = privateKey(text);
        if (key == null) {
            String name = certFile.getFileName().toString();
            Path keyFile = certFile.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".key");
            if (!Files.isRegularFile(keyFile)) {
                throw new GeneralSecurityException("no private key (expected " + keyFile.getFileName() + ")");
            }
            key = privateKey(Files.readString(keyFile));
            if (key == null) {
                throw new GeneralSecurityException("no private key in " + keyFile.getFileName());
            }
        }
        return new ServerIdentity(key, chain, certFile.getFileName().toString());
    }

    /** The first key entry of a PKCS#12 keystore, or {@code null} when it has none. */
    public static ServerIdentity pkcs12(InputStream in, char[] password, String source)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(in, password);
        for (String alias : Collections.list(ks.aliases())) {
            Key key = ks.isKeyEntry(alias) ? ks.getKey(alias, password) : null;
            Certificate[] chain = ks.getCertificateChain(alias);
            if (key instanceof PrivateKey && chain != null && chain.length > 0) {
                List<X509Certificate> list = new ArrayList<>();
                for (Certificate c : chain) {
                    list.add((X509Certificate) c);
                }
                return new ServerIdentity((PrivateKey) key, list, source);
            }
        }
        return null;
    }

    /** The certificates of a PEM text, in order (leaf first by convention). */
    public static List<X509Certificate> certificates(String text) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if ("CERTIFICATE".equals(m.group(1))) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
            }
        }
        return out;
    }

    /** The first private key of a PEM text, or {@code null}. */
    public static PrivateKey privateKey(String text) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der = decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY":
                    return pkcs8(der);
                case "RSA PRIVATE KEY":
                    return pkcs8(tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALG, tlv(0x04, der))));
                case "EC PRIVATE KEY":
                    return pkcs8(tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00},
                            tlv(0x30, concat(EC_OID, sec1Curve(der))), tlv(0x04, der))));
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException("encrypted PEM keys are not supported; use PKCS#12");
                default:
                    break;
            }
        }
        return null;
    }

    /** SHA-256 over the DER certificate, colon-separated upper-case hex. */
    public static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    }

    /** RFC 5915 §3: the named-curve OID TLV inside {@code [0] parameters}. */
    private static byte[] sec1Curve(byte[] sec1) throws GeneralSecurityException {
        int[] seq = header(sec1, 0);
        for (int i = seq[1]; i < seq[2];) {
            int[] h = header(sec1, i);
            if (sec1[i] == (byte) 0xa0) {
                int[] oid = header(sec1, h[1]);
                byte[] out = new byte[oid[2] - h[1]];
                System.arraycopy(sec1, h[1], out, 0, out.length);
                return out;
            }
            i = h[2];
        }
        throw new GeneralSecurityException("EC key without named curve");
    }

    /** {tag offset, value start, value end} of the DER element at {@code i}. */
    private static int[] header(byte[] d, int i) throws GeneralSecurityException {
        if (i + 2 > d.length) {
            throw new GeneralSecurityException("truncated DER");
        }
        int len = d[i + 1] & 0xff;
        int start = i + 2;
        if (len > 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int k = 0; k < n; k++) {
                len = (len << 8) | (d[start++] & 0xff);
            }
        }
        if (start + len > d.length || len < 0) {
            throw new GeneralSecurityException("truncated DER");
        }
        return new int[] {i, start, start + len};
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int n = len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | n);
            for (int k = n - 1; k >= 0; k--) {
                out.write(len >>> (8 * k));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key", last);
    }

    private static byte[] decode(String body) {
        return Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
    }
}
