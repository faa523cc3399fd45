package parlance.api.auth;

/**
 * The outcome of one SASL step (RFC 6120 §6.4): a challenge, success (with optional additional data and the
 * authenticated username), or a failure condition from §6.5 ({@code not-authorized}, {@code malformed-request},
 * {@code temporary-auth-failure}, ...).
 */
public final class SaslStep {
    public enum Kind { CHALLENGE, SUCCESS, FAILURE }

    private final Kind kind;
    private final byte[] data;
    private final String username;
    private final String failure;

    private SaslStep(Kind kind, byte[] data, String username, String failure) {
        this.kind = kind;
        this.data = data;
        this.username = username;
        this.failure = failure;
    }

    public static SaslStep challenge(byte[] data) {
        return new SaslStep(Kind.CHALLENGE, data, null, null);
    }

    /** Success for the prepared localpart {@code username}, with additional data (may be {@code null}). */
    public static SaslStep success(String username, byte[] additionalData) {
        return new SaslStep(Kind.SUCCESS, additionalData, username, null);
    }

    /** Failure with a condition element name of RFC 6120 §6.5. */
    public static SaslStep failure(String condition) {
        return new SaslStep(Kind.FAILURE, null, null, condition);
    }

    /**
     * Failure for a known account name (the prepared localpart the client tried, whether or not it exists), so
     * the stream layer can throttle failed logins per account as well as per address.
     */
    public static SaslStep failure(String condition, String username) {
        return new SaslStep(Kind.FAILURE, null, username, condition);
    }

    public Kind kind() {
        return kind;
    }

    public byte[] data() {
        return data;
    }

    /** On success the authenticated account; on failure the account tried, when the mechanism got that far. */
    public String username() {
        return username;
    }

    public String failure() {
        return failure;
    }
}
