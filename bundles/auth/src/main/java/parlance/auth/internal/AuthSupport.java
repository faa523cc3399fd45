package parlance.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.auth.SaslContext;
import parlance.api.storage.ScramCredential;
import parlance.api.storage.UserStore;

/**
 * What every mechanism and the account manager of this bundle share (a bundle-private service): the user store,
 * the address preparer, the configured iteration count, a per-process secret for the fake credentials of unknown
 * users (so that salts and timing do not reveal whether an account exists, RFC 5802 §9 / RFC 7677 §4), the
 * {@link SecureRandom} for nonces and salts, and a small bounded executor for key derivation (PBKDF2 is CPU work
 * that must not run on a network thread).
 */
@Component(service = AuthSupport.class, configurationPid = AuthConfig.PID)
@Designate(ocd = AuthConfig.class)
public final class AuthSupport {
    static final int MIN_ITERATIONS = 4096;
    static final int SALT_BYTES = 16;

    private final UserStore store;
    private final AddressPreparer preparer;
    private final SecureRandom random = new SecureRandom();
    private final byte[] secret = new byte[32];
    private final ThreadPoolExecutor executor;
    private final Supplier<String> nonces;
    private volatile int iterations;

    @Activate
    public AuthSupport(@Reference UserStore store, @Reference AddressPreparer preparer, AuthConfig config) {
        this(store, preparer, config.scram_iterations());
    }

    AuthSupport(UserStore store, AddressPreparer preparer, int iterations) {
        this(store, preparer, iterations, null);
    }

    /** For tests: {@code nonces} replaces the random server nonce (to replay the RFC test vectors). */
    AuthSupport(UserStore store, AddressPreparer preparer, int iterations, Supplier<String> nonces) {
        this.nonces = nonces;
        this.store = store;
        this.preparer = preparer;
        this.iterations = Math.max(MIN_ITERATIONS, iterations);
        random.nextBytes(secret);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "parlance-auth-kdf-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(512), threads);
        executor.allowCoreThreadTimeOut(true);
    }

    @Modified
    void modified(AuthConfig config) {
        iterations = Math.max(MIN_ITERATIONS, config.scram_iterations());
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    UserStore store() {
        return store;
    }

    AddressPreparer preparer() {
        return preparer;
    }

    int iterations() {
        return iterations;
    }

    /** Bounded executor for PBKDF2; a full queue rejects work (callers answer temporary-auth-failure). */
    Executor executor() {
        return executor;
    }

    byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    /** A server nonce (RFC 5802 §5.1 "r="): 24 random bytes, base64 (printable, never a comma). */
    String newNonce() {
        if (nonces != null) {
            return nonces.get();
        }
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** A random password of {@code length} characters from an unambiguous alphabet. */
    String newPassword(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /**
     * A credential for a user who does not exist (or has none for this hash): salt and keys derived from the
     * username and the per-process secret, so the same name always gets the same salt and iteration count, as a
     * real account would.
     */
    ScramCredential fakeCredential(String username, ScramAlgorithm algorithm) {
        byte[] seed = ScramAlgorithm.SHA_256.hmac(secret,
                (algorithm.hashName() + '\0' + username).getBytes(StandardCharsets.UTF_8));
        byte[] salt = Arrays.copyOf(seed, SALT_BYTES);
        byte[] stored = algorithm.hmac(seed, "stored".getBytes(StandardCharsets.US_ASCII));
        byte[] server = algorithm.hmac(seed, "server".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredential(algorithm.hashName(), salt, iterations, stored, server);
    }

    /**
     * Checks an authorization identity (RFC 6120 §6.3.8): absent, or the bare address of the authenticated user.
     */
    boolean authzidAllowed(String authzid, String username, SaslContext context) {
        if (authzid == null || authzid.isEmpty()) {
            return true;
        }
        try {
            Jid requested = preparer.parse(authzid);
            Jid own = Jid.ofPrepared(username, preparer.prepareDomain(context.domain()), null);
            return own.equals(requested);
        } catch (JidFormatException e) {
            return false;
        }
    }
}
