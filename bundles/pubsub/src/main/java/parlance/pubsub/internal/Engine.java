package parlance.pubsub.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * One activation's services put together: the queues ({@link Hosts}), presence and capabilities for PEP, the
 * notifier, access models, the {@code <pubsub/>} use cases and disco. Requests enter through {@link #request}
 * and run on their service's queue.
 */
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    final PubSub ps;
    final Hosts hosts;
    final Presence presence;
    final Notifier notifier;
    final Access access;
    final PubSubIq iq;
    final Disco disco;

    Engine(PubSub ps, Executor executor) {
        this.ps = ps;
        this.hosts = new Hosts(executor, ps.storage::load);
        this.presence = new Presence(ps, hosts);
        this.notifier = new Notifier(ps, presence);
        presence.notifier(notifier);
        this.access = new Access(ps);
        this.iq = new PubSubIq(ps, access, notifier);
        this.disco = new Disco(ps, access);
    }

    /** Runs a request on the queue of the service at {@code service} (the PubSub domain, or a PEP account). */
    void request(Jid service, boolean pep, Request req) {
        hosts.submit(service, pep, host -> {
            try {
                return route(host, req);
            } catch (RuntimeException e) { // fails this request only (ARCHITECTURE: hot deploy rules)
                LOG.warn("PubSub request {} to {} failed: {}", req.stanza, service, e.toString(), e);
                req.error(StanzaError.INTERNAL_SERVER_ERROR);
                return SerialQueue.DONE;
            }
        }, () -> req.error(StanzaError.INTERNAL_SERVER_ERROR));
    }

    private CompletionStage<?> route(Host host, Request req) {
        Element payload = req.payload();
        String ns = payload.getNamespaceURI();
        String node = payload.attributeValue("node");
        if (Ns.PUBSUB.equals(ns) || Ns.OWNER.equals(ns)) {
            return iq.handle(host, req);
        }
        if (Namespaces.DISCO_INFO.equals(ns) && "get".equals(req.stanza.type())) {
            if (node == null) {
                disco.serviceInfo(req);
            } else {
                disco.nodeInfo(host, req, node);
            }
            return SerialQueue.DONE;
        }
        if (Namespaces.DISCO_ITEMS.equals(ns) && "get".equals(req.stanza.type())) {
            return disco.items(host, req, node);
        }
        req.error(StanzaError.SERVICE_UNAVAILABLE);
        return SerialQueue.DONE;
    }

    /** A message to the PubSub domain: an owner's answer to a subscription request (§8.6). */
    void message(Stanza message) {
        hosts.submit(ps.domain, false, host -> iq.lists().answer(host, message), () -> { });
    }
}
