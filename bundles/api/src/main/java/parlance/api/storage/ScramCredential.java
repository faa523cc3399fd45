package parlance.api.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stored SCRAM credential (RFC 5802 §3, RFC 7677): salt, iteration count, StoredKey and ServerKey for one hash
 * function. Nothing in it lets anyone recover the password. {@code hash} is the JCA name without the SCRAM prefix:
 * {@code SHA-1}, {@code SHA-256} or {@code SHA-512}.
 */
public final class ScramCredential {
    private final String hash;
    private final byte[] salt;
    private final int iterations;
    private final byte[] storedKey;
    private final byte[] serverKey;

    public ScramCredential(String hash, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
        this.hash = Objects.requireNonNull(hash);
        this.salt = salt.clone();
        this.iterations = iterations;
        this.storedKey = storedKey.clone();
        this.serverKey = serverKey.clone();
    }

    public String hash() {
        return hash;
    }

    public byte[] salt() {
        return salt.clone();
    }

    public int iterations() {
        return iterations;
    }

    public byte[] storedKey() {
        return storedKey.clone();
    }

    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScramCredential)) {
            return false;
        }
        ScramCredential c = (ScramCredential) o;
        return hash.equals(c.hash) && iterations == c.iterations && Arrays.equals(salt, c.salt)
                && Arrays.equals(storedKey, c.storedKey) && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hash, iterations, Arrays.hashCode(salt));
    }

    @Override
    public String toString() {
        return "ScramCredential{" + hash + ", i=" + iterations + "}";
    }
}
