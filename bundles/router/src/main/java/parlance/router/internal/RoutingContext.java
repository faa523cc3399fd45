package parlance.router.internal;

import java.util.concurrent.Executor;
import org.dom4j.Element;
import parlance.api.handler.HandlerContext;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The {@link HandlerContext} of one stanza. Replies go straight to the origin session when there is one (the
 * reply's {@code to} is that session's address), otherwise they are routed. Remembers whether an answer was sent so
 * that a handler failing after it answered does not also produce {@code internal-server-error}.
 */
final class RoutingContext implements HandlerContext {
    private final StanzaRouter router;
    private final ClientSession origin;
    private final Stanza stanza;
    private volatile boolean answered;

    RoutingContext(StanzaRouter router, ClientSession origin, Stanza stanza) {
        this.router = router;
        this.origin = origin;
        this.stanza = stanza;
    }

    @Override
    public Stanza stanza() {
        return stanza;
    }

    @Override
    public ClientSession origin() {
        return origin;
    }

    @Override
    public void reply(Element child) {
        answered = true;
        send(Stanzas.iqResult(stanza, child));
    }

    @Override
    public void replyError(StanzaError condition, String text) {
        answered = true;
        Stanza error = Stanzas.error(stanza, condition, text);
        if (error != null) {
            send(error);
        }
    }

    private void send(Stanza reply) {
        if (origin != null) {
            origin.deliver(reply);
        } else {
            router.route(reply);
        }
    }

    boolean answered() {
        return answered;
    }

    @Override
    public void route(Stanza other) {
        router.route(other);
    }

    @Override
    public Router router() {
        return router;
    }

    @Override
    public Executor executor() {
        return router.executor();
    }
}
