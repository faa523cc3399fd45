package parlance.api.handler;

import java.util.concurrent.Executor;
import org.dom4j.Element;
import org.osgi.annotation.versioning.ProviderType;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/** The one parameter of a handler: the stanza, where it came from, and the ways to answer or route. */
@ProviderType
public interface HandlerContext {
    /** The stanza being handled; a value, never to be mutated. */
    Stanza stanza();

    /** The local session the stanza came from, or {@code null} when it came from elsewhere (s2s, a service). */
    ClientSession origin();

    /** Answers an IQ request with a result carrying {@code child} (may be {@code null}). */
    void reply(Element child);

    /** Answers with a stanza error (RFC 6120 §8.3); does nothing for a stanza of type error. */
    void replyError(StanzaError condition, String text);

    /** Routes another stanza (with {@code from} already set). */
    void route(Stanza stanza);

    /** The router, for handlers that keep routing after they return. */
    Router router();

    /**
     * A bounded executor for slow work (storage, computation). Completing a reply from it is fine: the session
     * keeps its stanzas in order.
     */
    Executor executor();
}
