package parlance.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import parlance.address.internal.PrecisAddressPreparer;
import parlance.api.auth.SaslContext;
import parlance.api.auth.SaslExchange;
import parlance.api.auth.SaslMechanism;
import parlance.api.auth.SaslStep;
import parlance.api.storage.ScramCredential;
import parlance.api.storage.UserStore;

/**
 * Benchmark access to the package-private SCRAM parts of parlance.auth (this module puts the bundle on a plain
 * classpath, so the package is shared). Drives the real {@code ScramSha1}/{@code ScramSha256} mechanism over a
 * plain-TCP context against a user store whose lookups complete at once, with a client (RFC 5802 §3) that derived
 * its keys once (RFC 5802 §5.1 lets a client cache SaltedPassword), so an exchange costs the server's work plus
 * the client's two HMACs and one hash.
 */
public final class ScramFixture {
    private static final String USER = "juliet";
    private static final String PASSWORD = "Capulet-1597";
    private static final String CLIENT_FIRST_BARE = "n=" + USER + ",r=fyko+d2lbbFgONRv9qkxdawL";
    private static final byte[] CLIENT_FIRST = ("n,," + CLIENT_FIRST_BARE).getBytes(StandardCharsets.UTF_8);

    private final ScramAlgorithm algorithm;
    private final AuthSupport support;
    private final SaslMechanism mechanism;
    private final SaslContext context = new PlainTcp();
    private final byte[] clientKey;
    private final byte[] storedKey;
    private final byte[] serverKey;
    private final int iterations;

    /** {@code hash} is {@code SHA-1} or {@code SHA-256}; the account's credential uses {@code iterations}. */
    public ScramFixture(String hash, int iterations) {
        this.algorithm = ScramAlgorithm.forHash(hash);
        this.iterations = iterations;
        byte[] salt = "juliet-salt-0123".getBytes(StandardCharsets.US_ASCII);
        ScramCredential credential = algorithm.credential(PASSWORD, salt, iterations);
        byte[] salted = algorithm.hi(PASSWORD.getBytes(StandardCharsets.UTF_8), salt, iterations);
        clientKey = algorithm.clientKey(salted);
        storedKey = algorithm.h(clientKey);
        serverKey = algorithm.serverKey(salted);
        support = new AuthSupport(new InstantUserStore(credential), new PrecisAddressPreparer(), iterations);
        switch (algorithm) {
            case SHA_1:
                mechanism = new ScramSha1(support);
                break;
            case SHA_256:
                mechanism = new ScramSha256(support);
                break;
            default:
                mechanism = new ScramSha512(support);
        }
    }

    /** One full exchange (client-first, server-first, client-final, success); returns the authenticated user. */
    public String exchange() {
        SaslExchange ex = mechanism.start(context);
        SaslStep first = now(ex.evaluate(CLIENT_FIRST));
        if (first.kind() != SaslStep.Kind.CHALLENGE) {
            throw new IllegalStateException("server-first failed: " + first.failure());
        }
        String serverFirst = new String(first.data(), StandardCharsets.UTF_8);
        String nonce = serverFirst.substring(2, serverFirst.indexOf(','));
        String withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage = (CLIENT_FIRST_BARE + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] signature = algorithm.hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        byte[] clientFinal = (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                .getBytes(StandardCharsets.UTF_8);
        SaslStep fin = now(ex.evaluate(clientFinal));
        if (fin.kind() != SaslStep.Kind.SUCCESS) {
            throw new IllegalStateException("client-final failed: " + fin.failure());
        }
        byte[] v = Base64.getDecoder().decode(new String(fin.data(), 2, fin.data().length - 2,
                StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(v, algorithm.hmac(serverKey, authMessage))) {
            throw new IllegalStateException("wrong server signature");
        }
        return fin.username();
    }

    /**
     * The PBKDF2 work (RFC 5802 §2.2 Hi with the configured iterations) the server does for a PLAIN login, an
     * account creation or a password change; a SCRAM login never does it on the server.
     */
    public ScramCredential deriveCredential() {
        return algorithm.credential(PASSWORD, "juliet-salt-0123".getBytes(StandardCharsets.US_ASCII), iterations);
    }

    public void close() {
        support.deactivate();
    }

    private static SaslStep now(CompletionStage<SaslStep> stage) {
        CompletableFuture<SaslStep> f = stage.toCompletableFuture();
        if (!f.isDone()) {
            throw new IllegalStateException("the exchange did not complete synchronously");
        }
        return f.join();
    }

    /** A connection without TLS, so no channel binding (RFC 5802 §6, gs2 header "n,,"). */
    private static final class PlainTcp implements SaslContext {
        @Override
        public String domain() {
            return "example.org";
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public Set<String> channelBindingTypes() {
            return Set.of();
        }

        @Override
        public byte[] channelBinding(String type) {
            return null;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:40000";
        }
    }

    /** One account; every lookup is answered with an already completed stage (no storage latency measured). */
    private static final class InstantUserStore implements UserStore {
        private final Map<String, ScramCredential> byHash;

        InstantUserStore(ScramCredential credential) {
            byHash = Map.of(credential.hash(), credential);
        }

        @Override
        public CompletionStage<Optional<ScramCredential>> credential(String username, String hash) {
            return CompletableFuture.completedFuture(
                    USER.equals(username) ? Optional.ofNullable(byHash.get(hash)) : Optional.empty());
        }

        @Override
        public CompletionStage<Boolean> exists(String username) {
            return CompletableFuture.completedFuture(USER.equals(username));
        }

        @Override
        public CompletionStage<Boolean> create(String username, List<ScramCredential> credentials) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletionStage<Boolean> delete(String username) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletionStage<Boolean> setCredentials(String username, List<ScramCredential> credentials) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletionStage<List<String>> list(String query, int offset, int limit) {
            return CompletableFuture.completedFuture(List.of(USER));
        }

        @Override
        public CompletionStage<Integer> count() {
            return CompletableFuture.completedFuture(1);
        }
    }
}
