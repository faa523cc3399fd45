package parlance.pubsub.internal;

import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The PubSub domain's entry point from the router (XEP-0060 §4.6: the service is addressed by its domain, nodes
 * by the {@code node} attribute): requests go to the service's queue, answers to our capability queries to the
 * cache, owners' authorisation forms to the subscriptions. Never blocks.
 */
final class ServiceDispatcher implements HostedService {
    private final Engine engine;

    ServiceDispatcher(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void receive(Stanza stanza, Router router) {
        if (stanza.from() == null || stanza.to() == null) {
            return;
        }
        PubSub ps = engine.ps;
        boolean domain = stanza.to().local() == null && stanza.to().resource() == null;
        switch (stanza.kind()) {
            case IQ:
                if (!stanza.isIqRequest()) {
                    ps.caps.answer(stanza);
                } else if (!domain) {
                    ps.fanout.send(Stanzas.error(stanza, StanzaError.SERVICE_UNAVAILABLE, null));
                } else if (stanza.payload() == null) {
                    ps.fanout.send(Stanzas.error(stanza, StanzaError.BAD_REQUEST, null));
                } else {
                    engine.request(ps.domain, false, new Request(stanza, ps.domain, ps.fanout::send));
                }
                return;
            case MESSAGE:
                if (domain && !stanza.isError()) {
                    engine.message(stanza);
                }
                return;
            default:
                return; // presence to the service: not used (no presence-based delivery on the service)
        }
    }
}
