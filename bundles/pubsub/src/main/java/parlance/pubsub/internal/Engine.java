package parlance.pubsub.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.dom4j.QName;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.storage.PrivateStore;

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
    final BookmarkSync bookmarks;

    Engine(PubSub ps, Executor executor) {
        this(ps, executor, () -> null);
    }

    Engine(PubSub ps, Executor executor, Supplier<PrivateStore> privates) {
        this.ps = ps;
        this.hosts = new Hosts(executor, ps.storage::load);
        this.presence = new Presence(ps, hosts);
        this.notifier = new Notifier(ps, presence);
        presence.notifier(notifier);
        this.access = new Access(ps);
        this.iq = new PubSubIq(ps, access, notifier);
        this.disco = new Disco(ps, access);
        this.bookmarks = new BookmarkSync(ps, notifier, privates);
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
            return host.pep && "set".equals(req.stanza.type()) ? unified(host, req) : iq.handle(host, req);
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

    /**
     * A PEP set request, with the bookmark unification of XEP-0402 §5.3 once it succeeded: a change of the
     * XEP-0402 node updates the legacy copies; a publication to the legacy {@code storage:bookmarks} node
     * (XEP-0048 through XEP-0223) updates the XEP-0402 items.
     */
    private CompletionStage<?> unified(Host host, Request req) {
        Element action = req.payload().elements().isEmpty() ? null : req.payload().elements().get(0);
        String node = action == null ? null : action.attributeValue("node");
        boolean modern = Bookmarks.NODE.equals(node);
        boolean legacy = Bookmarks.LEGACY.equals(node) && "publish".equals(action.getName());
        if (!modern && !legacy) {
            return iq.handle(host, req);
        }
        AtomicBoolean ok = new AtomicBoolean();
        Request observed = req.observed(reply -> ok.set("result".equals(reply.type())));
        return iq.handle(host, observed).<Void>thenCompose(v -> {
            if (!ok.get()) {
                return SerialQueue.DONE;
            }
            if (modern) {
                return bookmarks.toLegacy(host).thenApply(x -> (Void) null);
            }
            Element item = action.element(QName.get("item", Ns.PUBSUB));
            Element storage = item == null ? null : item.element(QName.get("storage", Bookmarks.LEGACY));
            return storage == null ? SerialQueue.DONE
                    : bookmarks.fromLegacy(host, storage, true).thenApply(x -> (Void) null);
        });
    }

    /** A message to the PubSub domain: an owner's answer to a subscription request (§8.6). */
    void message(Stanza message) {
        hosts.submit(ps.domain, false, host -> iq.lists().answer(host, message), () -> { });
    }
}
