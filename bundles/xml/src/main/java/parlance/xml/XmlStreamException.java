package parlance.xml;

import java.util.Objects;
import parlance.api.stanza.StreamError;

/**
 * XML that ends the stream, with the stream error condition to send (RFC 6120 §4.9.3): {@code not-well-formed},
 * {@code restricted-xml} (§11.1), {@code invalid-namespace}, {@code unsupported-encoding} (§11.6),
 * {@code policy-violation} (size cap), {@code bad-format}.
 */
public class XmlStreamException extends Exception {
    private static final long serialVersionUID = 1L;

    private final StreamError condition;

    public XmlStreamException(StreamError condition, String message) {
        super(message);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public XmlStreamException(StreamError condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    /** The stream error condition to report to the peer. */
    public StreamError condition() {
        return condition;
    }
}
