package parlance.stream.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds the server's key and certificate chain in the TLS folder ({@code <home>/etc/tls/}), in this order:
 * {@code <domain>.crt} + {@code <domain>.key}; any other {@code *.crt}/{@code *.pem} with its key in the same file or
 * in {@code <name>.key}; any {@code *.p12}/{@code *.pfx} keystore opened with the configured password.
 */
final class CertificateStore {
    /** A private key with its chain, leaf first. */
    static final class Identity {
        final PrivateKey key;
        final List<X509Certificate> chain;
        final String source;

        Identity(PrivateKey key, List<X509Certificate> chain, String source) throws GeneralSecurityException {
            checkPair(key, chain.get(0));
            this.key = key;
            this.chain = chain;
            this.source = source;
        }
    }

    private CertificateStore() {
    }

    /** Proves the key belongs to the certificate by signing and verifying a probe (a half-replaced pair fails). */
    static void checkPair(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        if (!key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())) {
            throw new GeneralSecurityException("the private key does not match the certificate ("
                    + key.getAlgorithm() + " key, " + cert.getPublicKey().getAlgorithm() + " certificate)");
        }
        String alg;
        switch (key.getAlgorithm()) {
            case "RSA":
                alg = "SHA256withRSA";
                break;
            case "EC":
                alg = "SHA256withECDSA";
                break;
            default:
                alg = key.getAlgorithm();
                break;
        }
        byte[] probe = "parlance key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(cert.getPublicKey());
        v.update(probe);
        if (!v.verify(sig)) {
            throw new GeneralSecurityException("the private key does not match the certificate");
        }
    }

    /** True when the folder holds any file that could be a certificate or keystore. */
    static boolean hasCandidates(Path dir) throws IOException {
        return !candidates(dir).isEmpty();
    }

    /**
     * Loads the first usable identity, or throws describing why none could be loaded.
     */
    static Identity load(Path dir, String domain, char[] keystorePassword) throws IOException, GeneralSecurityException {
        List<Path> files = candidates(dir);
        List<String> problems = new ArrayList<>();
        Path domainCert = dir.resolve(domain + ".crt");
        if (files.remove(domainCert)) {
            files.add(0, domainCert);
        }
        for (Path file : files) {
            try {
                Identity id = isKeystore(file) ? keystore(file, keystorePassword) : pem(file);
                if (id != null) {
                    return id;
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                problems.add(file.getFileName() + ": " + e.getMessage());
            }
        }
        throw new GeneralSecurityException("no usable certificate in " + dir + (problems.isEmpty() ? "" : " " + problems));
    }

    private static Identity pem(Path certFile) throws IOException, GeneralSecurityException {
        String text = Files.readString(certFile);
        List<X509Certificate> chain = Pem.certificates(text);
        if (chain.isEmpty()) {
            return null;
        }
        PrivateKey key = Pem.privateKey(text);
        String source = certFile.getFileName().toString();
        if (key == null) {
            String name = certFile.getFileName().toString();
            Path keyFile = certFile.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".key");
            if (!Files.isRegularFile(keyFile)) {
                throw new GeneralSecurityException("no private key (expected " + keyFile.getFileName() + ")");
            }
            key = Pem.privateKey(Files.readString(keyFile));
            if (key == null) {
                throw new GeneralSecurityException("no private key in " + keyFile.getFileName());
            }
            source += " + " + keyFile.getFileName();
        }
        return new Identity(key, chain, source);
    }

    private static Identity keystore(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        for (String alias : Collections.list(ks.aliases())) {
            if (!ks.isKeyEntry(alias)) {
                continue;
            }
            Key key = ks.getKey(alias, password);
            Certificate[] chain = ks.getCertificateChain(alias);
            if (key instanceof PrivateKey && chain != null && chain.length > 0) {
                List<X509Certificate> list = new ArrayList<>();
                for (Certificate c : chain) {
                    list.add((X509Certificate) c);
                }
                return new Identity((PrivateKey) key, list, file.getFileName() + " (" + alias + ")");
            }
        }
        return null;
    }

    private static boolean isKeystore(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".p12") || n.endsWith(".pfx");
    }

    private static List<Path> candidates(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(Files::isRegularFile).sorted().forEach(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.endsWith(".crt") || n.endsWith(".pem") || isKeystore(p)) {
                    out.add(p);
                }
            });
            return out;
        }
    }
}
