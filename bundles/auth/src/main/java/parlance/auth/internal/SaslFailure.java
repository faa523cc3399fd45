package parlance.auth.internal;

/** A SASL failure with its RFC 6120 §6.5 condition; internal control flow of the exchanges. */
final class SaslFailure extends Exception {
    static final String MALFORMED = "malformed-request";
    static final String NOT_AUTHORIZED = "not-authorized";
    static final String INVALID_AUTHZID = "invalid-authzid";
    static final String TEMPORARY = "temporary-auth-failure";
    private static final long serialVersionUID = 1L;

    private final String condition;

    SaslFailure(String condition, String message) {
        super(message, null, false, false);
        this.condition = condition;
    }

    static SaslFailure malformed(String message) {
        return new SaslFailure(MALFORMED, message);
    }

    String condition() {
        return condition;
    }
}
