package parlance.disco;

import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.osgi.annotation.versioning.ProviderType;

/**
 * In-band registration on a stream that has not authenticated yet (XEP-0077 §3.1), for the stream layer.
 *
 * <p>The stream layer advertises the {@code <register xmlns='http://jabber.org/features/iq-register'/>} stream
 * feature (XEP-0077 §8) only when {@link #isOpen()} is true, and hands every pre-authentication
 * {@code <iq type='get|set'><query xmlns='jabber:iq:register'/></iq>} to {@link #handleUnauthenticated}. It then
 * turns the outcome into the IQ reply, and nothing else:
 * <pre>
 * registration.handleUnauthenticated(query).whenComplete((child, failure) -&gt; {
 *     if (failure == null) {
 *         send(Stanzas.iqResult(request, child));                 // child may be null: empty result
 *     } else {
 *         send(Stanzas.error(request, RegistrationException.conditionOf(failure),
 *                 RegistrationException.textOf(failure)));
 *     }
 * });
 * </pre>
 * The stage completes off the caller's thread when storage is involved; it never blocks the caller.
 */
@ProviderType
public interface Registration {
    /** True when the configuration lets anyone create an account in-band (PID {@code parlance.server}, key
     * {@code registration=open}). */
    boolean isOpen();

    /**
     * Handles one registration request of an unauthenticated entity (XEP-0077 §3.1).
     *
     * @param iqQuery the {@code <query xmlns='jabber:iq:register'/>} payload. The request type is taken from its
     *        parent {@code <iq/>} when the element is still attached to it; a detached query without child
     *        elements is treated as a {@code get} (asking for the fields), one with child elements as a
     *        {@code set}.
     * @return a stage that completes with the child for the IQ result ({@code get}: the query with the fields to
     *         fill; {@code set}: {@code null}, i.e. an empty result, once the account exists), or completes
     *         exceptionally with a {@link RegistrationException} naming the stanza error: {@code service-unavailable}
     *         (get) / {@code not-allowed} (set) when registration is closed, {@code not-acceptable} when username or
     *         password is missing or unusable, {@code conflict} when the username is taken, {@code bad-request} for
     *         a {@code <remove/>} before authentication. Any other failure means {@code internal-server-error}.
     */
    CompletionStage<Element> handleUnauthenticated(Element iqQuery);
}
