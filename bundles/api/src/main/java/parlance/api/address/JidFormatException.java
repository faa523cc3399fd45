package parlance.api.address;

/** An address that cannot be prepared per RFC 7622; answered with {@code jid-malformed} (RFC 6120 §8.3.3.8). */
public class JidFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public JidFormatException(String message) {
        super(message);
    }
}
