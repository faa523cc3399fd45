package parlance.s2s.internal;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.router.RemoteDomains;
import parlance.api.stanza.Stanza;

/**
 * The outbound half of federation (RFC 6120 §10.4): one {@link OutboundLink} per (local domain, remote domain),
 * created by the first stanza and forgotten when its stream ends (failure or idle timeout). A pair that a remote
 * server authenticated on a bidirectional stream it opened (XEP-0288 §2.2) goes over that stream instead, so no
 * second connection is opened; dialback checks (XEP-0220 §2.1.2) always use a link of our own.
 */
final class Outbound implements RemoteDomains {
    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
    private final S2sServices services;
    private final ConcurrentMap<String, OutboundLink> links = new ConcurrentHashMap<>();
    /**
     * XEP-0288 §2.2: streams remote servers opened to us with bidi, by the ("local remote") pair they authenticated
     * us to send for; preferred to opening a connection of our own.
     */
    private final ConcurrentMap<String, S2sStream> bidi = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Outbound(S2sServices services) {
        this.services = services;
    }

    @Override
    public void send(Stanza stanza) {
        if (stanza.from() == null || stanza.to() == null || !services.isLocal(stanza.from().domain())) {
            LOG.debug("Not sending {} to a remote domain: its sender is not local", stanza);
            return;
        }
        S2sStream peerStream = bidi.get(stanza.from().domain() + ' ' + stanza.to().domain());
        if (peerStream != null && peerStream.open()) {
            peerStream.send(S2sElements.retarget(stanza.element(), parlance.api.stanza.Namespaces.CLIENT,
                    parlance.api.stanza.Namespaces.SERVER));
            return;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            OutboundLink link = link(stanza.from().domain(), stanza.to().domain());
            if (link.offer(stanza)) {
                return;
            }
            forget(link); // it ended a moment ago (idle close, failure): a new one connects
        }
        new OutboundLink(services, this, stanza.from().domain(), stanza.to().domain())
                .bounce(stanza, parlance.api.stanza.StanzaError.REMOTE_SERVER_NOT_FOUND);
    }

    /** Asks {@code remote} whether it issued {@code key} on stream {@code id} for {@code local} (XEP-0220 §2.1.2). */
    CompletableFuture<Boolean> verify(String local, String remote, String id, String key) {
        return link(local, remote).verify(id, key);
    }

    private OutboundLink link(String local, String remote) {
        String key = local + ' ' + remote;
        OutboundLink link = links.get(key);
        if (link == null) {
            OutboundLink fresh = new OutboundLink(services, this, local, remote);
            link = links.putIfAbsent(key, fresh);
            if (link == null) {
                link = fresh;
                if (closed) {
                    links.remove(key, fresh);
                    fresh.lost(null, parlance.api.stanza.StanzaError.REMOTE_SERVER_NOT_FOUND, "shutting down");
                } else {
                    fresh.start();
                }
            }
        }
        return link;
    }

    /**
     * XEP-0288 §2.2: {@code stream}, opened by {@code remote} with bidi, may carry our stanzas from {@code local} to
     * {@code remote} (the stream's {@code to} after SASL, the inverse of a dialback pair).
     */
    void bidi(String local, String remote, S2sStream stream) {
        if (bidi.put(local + ' ' + remote, stream) != stream) {
            LOG.info("s2s {} -> {} goes over the bidirectional stream {} opened (XEP-0288)", local, remote, remote);
        }
    }

    /** {@code stream} ended: it carries nothing more. */
    void unbidi(S2sStream stream) {
        bidi.values().removeIf(s -> s == stream);
    }

    /** Pairs routed over streams remote servers opened (diagnostics, tests). */
    int bidiRoutes() {
        return bidi.size();
    }

    void forget(OutboundLink link) {
        links.remove(link.local() + ' ' + link.remote(), link);
    }

    int size() {
        return links.size();
    }

    void close() {
        closed = true;
        for (OutboundLink link : new ArrayList<>(links.values())) {
            link.close();
        }
    }
}
