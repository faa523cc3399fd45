package parlance.admin.internal;

import parlance.tls.ServerIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import parlance.admin.internal.Operations.OperationException;

/**
 * The certificates of {@code <home>/etc/tls}: listed for the console, and replaced by an uploaded PEM chain + key or
 * PKCS#12 file after validation (the key matches the leaf certificate; the leaf is valid now). An upload is written
 * as {@code <domain>.crt} (chain) + {@code <domain>.key} (PKCS#8, owner-only), the previous files kept as
 * {@code .bak}; the c2s listener and HTTPS pick the new files up by polling the folder.
 */
final class CertificateFiles {
    private final Path dir;
    private final String domain;

    CertificateFiles(Path dir, String domain) {
        this.dir = dir;
        this.domain = domain;
    }

    /** Every certificate in the folder's PEM files, in file order. */
    List<Map<String, Object>> list() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        for (Path f : files) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".p12") || n.endsWith(".pfx")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", f.getFileName().toString());
                m.put("subject", "PKCS#12 keystore (password protected)");
                out.add(m);
            } else if (n.endsWith(".crt") || n.endsWith(".pem")) {
                try {
                    int i = 0;
                    for (X509Certificate c : ServerIdentity.certificates(Files.readString(f))) {
                        Map<String, Object> m = describe(c);
                        m.put("file", f.getFileName().toString());
                        m.put("position", i++ == 0 ? "leaf" : "chain");
                        out.add(m);
                    }
                } catch (GeneralSecurityException | RuntimeException e) {
                    out.add(Map.of("file", f.getFileName().toString(), "error", String.valueOf(e.getMessage())));
                }
            }
        }
        return out;
    }

    static Map<String, Object> describe(X509Certificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", c.getSubjectX500Principal().getName());
        m.put("subjectAltNames", altNames(c));
        m.put("issuer", c.getIssuerX500Principal().getName());
        m.put("notBefore", c.getNotBefore().toInstant().toString());
        m.put("notAfter", c.getNotAfter().toInstant().toString());
        m.put("expired", c.getNotAfter().toInstant().isBefore(Instant.now()));
        try {
            m.put("sha256", ServerIdentity.fingerprint(c));
        } catch (GeneralSecurityException e) {
            m.put("sha256", "");
        }
        return m;
    }

    private static List<String> altNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    String kind = type == 2 ? "DNS" : type == 7 ? "IP" : type == 6 ? "URI" : type == 1 ? "email"
                            : "other";
                    out.add(kind + ":" + san.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            out.add("unreadable");
        }
        return out;
    }

    /**
     * Reads an upload: a PEM text holding the chain (leaf first) and, unless {@code keyPem} is given, the key; or a
     * PKCS#12 file opened with {@code password}.
     */
    static ServerIdentity parse(byte[] upload, String keyPem, String password) throws OperationException {
        if (upload == null || upload.length == 0) {
            throw new OperationException(400, "choose a PEM or PKCS#12 file to upload");
        }
        try {
            String text = new String(upload, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN ")) {
                List<X509Certificate> chain = ServerIdentity.certificates(text);
                if (chain.isEmpty()) {
                    throw new OperationException(400, "no CERTIFICATE block in the PEM file");
                }
                PrivateKey key = ServerIdentity.privateKey(keyPem != null && !keyPem.isBlank() ? keyPem : text);
                if (key == null) {
                    throw new OperationException(400, "no private key: add the PRIVATE KEY block or a key file");
                }
                return new ServerIdentity(key, chain, "upload");
            }
            ServerIdentity id = ServerIdentity.pkcs12(new ByteArrayInputStream(upload),
                    password == null ? new char[0] : password.toCharArray(), "upload");
            if (id == null) {
                throw new OperationException(400, "the PKCS#12 file holds no private key with a certificate");
            }
            return id;
        } catch (IOException e) {
            throw new OperationException(400, "cannot read the PKCS#12 file (wrong password?): " + e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new OperationException(400, "cannot read the upload: " + e.getMessage());
        }
    }

    /** Rejects a key that does not belong to the leaf certificate, or a leaf not valid now. */
    static void validate(ServerIdentity id, Instant now) throws OperationException {
        X509Certificate leaf = id.chain().get(0);
        try {
            leaf.checkValidity(java.util.Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new OperationException(400, "the certificate expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new OperationException(400, "the certificate is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (!id.key().getAlgorithm().equals(leaf.getPublicKey().getAlgorithm())) {
            throw new OperationException(400, "the private key does not match the certificate");
        }
        try {
            String alg = switch (id.key().getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                default -> id.key().getAlgorithm();
            };
            byte[] probe = "parlance key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(id.key());
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new OperationException(400, "the private key does not match the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new OperationException(400, "cannot check the key: " + e.getMessage());
        }
    }

    /** Validates and writes the identity as {@code <domain>.crt} + {@code <domain>.key}; returns the leaf. */
    Map<String, Object> install(ServerIdentity id) throws OperationException, IOException {
        validate(id, Instant.now());
        StringBuilder chain = new StringBuilder();
        try {
            for (X509Certificate c : id.chain()) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new OperationException(400, "cannot encode the certificate: " + e.getMessage());
        }
        Files.createDirectories(dir);
        Path crt = dir.resolve(domain + ".crt");
        Path key = dir.resolve(domain + ".key");
        Path crtTmp = write(dir.resolve(".upload.crt.tmp"), chain.toString());
        Path keyTmp = write(dir.resolve(".upload.key().tmp"), pem("PRIVATE KEY", id.key().getEncoded()));
        for (Path p : new Path[] {crt, key}) {
            if (Files.exists(p)) {
                Files.copy(p, p.resolveSibling(p.getFileName() + ".bak"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.move(keyTmp, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(crtTmp, crt, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Map<String, Object> m = describe(id.chain().get(0));
        m.put("file", crt.getFileName().toString());
        return m;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.writeString(file, text);
        return file;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
