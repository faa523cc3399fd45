package parlance.disco;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import parlance.api.stanza.StanzaError;

/** A refused registration request, carrying the stanza error to answer with (XEP-0077 §3.1, RFC 6120 §8.3). */
public class RegistrationException extends Exception {
    private static final long serialVersionUID = 1L;
    private final StanzaError condition;

    public RegistrationException(StanzaError condition, String message) {
        super(message);
        this.condition = condition;
    }

    public StanzaError condition() {
        return condition;
    }

    /**
     * The stanza error for a failed registration stage: the condition of a (possibly wrapped)
     * {@code RegistrationException}, else {@code internal-server-error}.
     */
    public static StanzaError conditionOf(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof RegistrationException ? ((RegistrationException) t).condition()
                : StanzaError.INTERNAL_SERVER_ERROR;
    }

    /** The human-readable text for a failed registration stage, or {@code null} for an internal failure. */
    public static String textOf(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof RegistrationException ? t.getMessage() : null;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
