package parlance.api.auth;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/** One SASL exchange: evaluates each client response (base64-decoded) and completes with the next step. */
@ConsumerType
public interface SaslExchange {
    /**
     * Evaluates the client's response; {@code response} is empty for an initial response of "=" and {@code null}
     * when the client sent none. Credential lookups happen off the caller's thread.
     */
    CompletionStage<SaslStep> evaluate(byte[] response);
}
