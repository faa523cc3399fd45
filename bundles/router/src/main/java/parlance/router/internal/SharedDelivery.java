package parlance.router.internal;

import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Stanza;

/**
 * How {@link Router#route(Broadcast, java.util.Collection)} keeps one serialisation while every recipient's copy
 * takes the full way through the router (address rules of RFC 6121 §8, stanza handlers, message interceptors:
 * XEP-0191 §3.3 blocking among them). The router carries a {@link Copy} with the per-recipient stanza; at the final
 * delivery to a session, {@link #deliver} hands the session the {@link Broadcast} when the stanza is still that
 * copy (no handler or interceptor replaced it) and the session is the addressed full JID ({@link
 * ClientSession#deliver(Broadcast)} addresses it to the session). Everything else (a replaced stanza, the sessions
 * of a bare address) is delivered as the stanza it is.
 *
 * <p>When nothing could see a copy (a full local address with a session, and no message interceptors for a
 * message, no {@code account} handlers for presence or IQs), {@link #deliveredDirectly} skips the copy altogether.
 */
final class SharedDelivery {
    /** A broadcast's copy for one recipient, on its way through the router. */
    record Copy(Broadcast broadcast, Stanza stanza) {
    }

    private final SessionManager sessions;
    private final String domain;
    private final HandlerIndex index;
    private final Interceptors interceptors;

    SharedDelivery(SessionManager sessions, String domain, HandlerIndex index, Interceptors interceptors) {
        this.sessions = sessions;
        this.domain = domain;
        this.index = index;
        this.interceptors = interceptors;
    }

    /** Delivers {@code stanza} to {@code target}: as the shared broadcast when it is the untouched copy for it. */
    static void deliver(ClientSession target, Stanza stanza, Copy copy) {
        if (copy != null && copy.stanza == stanza && target.jid().equals(stanza.to())) {
            target.deliver(copy.broadcast);
        } else {
            target.deliver(stanza);
        }
    }

    /**
     * Delivers the broadcast to the session of {@code to} and returns {@code true} when routing its copy could do
     * nothing else: {@code to} is a local full address with a session and no handler or interceptor would be
     * offered the copy on its way there; {@code false} when the copy must be routed.
     */
    boolean deliveredDirectly(Broadcast broadcast, Jid to) {
        if (to.resource() == null || to.local() == null || !to.domain().equals(domain)) {
            return false;
        }
        boolean unseen = switch (Stanza.Kind.forElement(broadcast.template().getName())) {
            case MESSAGE -> !interceptors.any();
            case PRESENCE -> index.stanzaHandlers(HandlerIndex.PRESENCE_ACCOUNT).length == 0;
            case IQ -> index.stanzaHandlers(HandlerIndex.IQ_ACCOUNT).length == 0;
        };
        if (!unseen) {
            return false;
        }
        ClientSession target = sessions.session(to);
        if (target == null) {
            return false;
        }
        target.deliver(broadcast);
        return true;
    }
}
