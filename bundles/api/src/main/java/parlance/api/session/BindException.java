package parlance.api.session;

import parlance.api.stanza.StanzaError;

/** A resource binding the session table refused (RFC 6120 §7.6.2), with the stanza error to answer. */
public class BindException extends Exception {
    private static final long serialVersionUID = 1L;
    private final StanzaError condition;

    public BindException(StanzaError condition, String message) {
        super(message);
        this.condition = condition;
    }

    public StanzaError condition() {
        return condition;
    }
}
