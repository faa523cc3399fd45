package parlance.s2s.internal;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.s2s.internal.Dialer.Candidate;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * Our way to one remote domain for one local domain (RFC 6120 §10.4): resolves ({@link Resolver}), connects to the
 * candidates in order, holds stanzas (bounded) until the {@link OutboundStream} is authenticated, then writes them
 * in order. A candidate that cannot be connected to, or whose TLS handshake or stream fails before authentication,
 * is left for the next one (RFC 6120 §3.2.1 step 6, XEP-0368 §3). When no candidate is left, or the connect
 * timeout (for all of them together) passes first, every held
 * stanza bounces to its sender with {@code remote-server-not-found} (§8.3.3.16) or {@code remote-server-timeout}
 * (§8.3.3.17). It also carries the {@code <db:verify/>} requests of XEP-0220 §2.1.2 to the remote domain.
 */
final class OutboundLink {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundLink.class);
    private final S2sServices services;
    private final Outbound owner;
    private final String local;
    private final String remote;
    private final ArrayDeque<Stanza> queue = new ArrayDeque<>();
    private final Map<String, List<CompletableFuture<Boolean>>> verifies = new HashMap<>();
    private final List<Element> pendingVerifies = new ArrayList<>();
    /** Verification requests sent on {@link #up} and not answered yet (sent again if that stream fails). */
    private final List<Element> sentVerifies = new ArrayList<>();
    /** Where to connect, in order (RFC 6120 §3.2), and the index of the next one to try. */
    private List<Candidate> candidates = List.of();
    private int next;
    /** The attempt under way (or the authenticated stream), and where it goes; events of older attempts are stale. */
    private OutboundStream current;
    private Candidate currentTarget;
    private OutboundStream up;
    private OutboundStream ready;
    private Channel channel;
    private ScheduledFuture<?> timeout;
    private boolean dead;

    OutboundLink(S2sServices services, Outbound owner, String local, String remote) {
        this.services = services;
        this.owner = owner;
        this.local = local;
        this.remote = remote;
    }

    String local() {
        return local;
    }

    String remote() {
        return remote;
    }

    /** Resolves (off the event loops) and connects to the first candidate; arms the connect timeout. */
    void start() {
        timeout = services.workers.next().schedule(() -> lost(null, StanzaError.REMOTE_SERVER_TIMEOUT, "timeout"),
                services.connectTimeoutSeconds, TimeUnit.SECONDS);
        services.blocking.execute(() -> {
            List<Candidate> addresses = Dialer.candidates(services, remote);
            synchronized (this) {
                candidates = addresses;
            }
            tryNext("no reachable address");
        });
    }

    /**
     * Connects to the next candidate with a fresh {@link OutboundStream}; when none is left the link has failed
     * ({@code why}: what went wrong with the last one).
     */
    private void tryNext(String why) {
        Candidate target = null;
        OutboundStream stream = null;
        synchronized (this) {
            if (dead) {
                return;
            }
            if (next < candidates.size()) {
                target = candidates.get(next++);
                stream = new OutboundStream(services, this, target.directTls());
                current = stream;
                currentTarget = target;
                channel = null;
            }
        }
        if (target == null) {
            lost(null, StanzaError.REMOTE_SERVER_NOT_FOUND, why);
            return;
        }
        Candidate to = target;
        OutboundStream attempt = stream;
        Dialer.dial(services, remote, to, attempt).addListener(f -> {
            if (f.isSuccess()) {
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                boolean closeNow;
                synchronized (this) {
                    closeNow = dead || current != attempt;
                    if (!closeNow) {
                        channel = ch;
                    }
                }
                if (closeNow) {
                    ch.close();
                }
            } else {
                lost(attempt, StanzaError.REMOTE_SERVER_NOT_FOUND, "cannot connect: " + f.cause());
            }
        });
    }

    /**
     * Sends (when authenticated) or holds a stanza from a local address to the remote domain; false when this link
     * has already ended (the caller opens a new one).
     */
    boolean offer(Stanza stanza) {
        StanzaError bounce = null;
        synchronized (this) {
            if (dead) {
                return false;
            } else if (ready != null) {
                ready.send(outward(stanza));
            } else if (queue.size() >= services.queueLimit) {
                bounce = StanzaError.RESOURCE_CONSTRAINT;
            } else {
                queue.add(stanza);
            }
        }
        if (bounce != null) {
            bounce(stanza, bounce);
        }
        return true;
    }

    /** Asks the remote (authoritative) domain whether {@code key} is its key for stream {@code id} (XEP-0220 §2.1.2). */
    CompletableFuture<Boolean> verify(String id, String key) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Element request = S2sElements.dialback("verify", local, remote, id, null, key);
        synchronized (this) {
            if (dead) {
                result.complete(false);
                return result;
            }
            verifies.computeIfAbsent(id, k -> new ArrayList<>()).add(result);
            if (up != null) {
                sentVerifies.add(request);
                up.send(request);
            } else {
                pendingVerifies.add(request);
            }
        }
        return result;
    }

    /** TLS is up on {@code stream}: verification requests may go. */
    synchronized void streamUp(OutboundStream stream) {
        if (dead || stream != current || up == stream) {
            return;
        }
        up = stream;
        pendingVerifies.forEach(stream::send);
        sentVerifies.addAll(pendingVerifies);
        pendingVerifies.clear();
    }

    /**
     * The remote domain accepted us {@code how} ({@link S2sStream#BY_CERTIFICATE}, {@link S2sStream#BY_DIALBACK}):
     * held stanzas go out in order.
     */
    synchronized void ready(OutboundStream stream, String how) {
        if (dead || stream != current) {
            return;
        }
        streamUp(stream);
        ready = stream;
        if (timeout != null) {
            timeout.cancel(false);
        }
        LOG.info("s2s stream {} -> {} authenticated {}", local, remote, how);
        while (!queue.isEmpty()) {
            stream.send(outward(queue.poll()));
        }
    }

    /** A {@code <db:verify/>} answer from the remote domain. */
    void verified(String id, String from, boolean valid) {
        List<CompletableFuture<Boolean>> waiting;
        synchronized (this) {
            waiting = id == null || !remote.equals(from) ? null : verifies.remove(id);
            if (waiting != null) {
                sentVerifies.removeIf(r -> id.equals(r.attributeValue("id")));
            }
        }
        if (waiting != null) {
            waiting.forEach(f -> f.complete(valid));
        }
    }

    /**
     * {@code stream} failed or ended, or (null) the timeout passed or the link closes. Before authentication the next
     * candidate is tried (RFC 6120 §3.2.1 step 6; XEP-0368 §3: "If the TLS handshake fails, the initiating entity
     * SHOULD try the next record"); otherwise, or when none is left, held stanzas bounce and the link is forgotten.
     */
    void lost(OutboundStream stream, StanzaError condition, String why) {
        List<Stanza> held;
        List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
        Channel ch;
        boolean wasReady;
        Candidate failed = null;
        synchronized (this) {
            wasReady = ready != null;
            if (dead || (stream != null && stream != current)) {
                return; // over already, or a stale attempt
            }
            if (stream != null && !wasReady) {
                failed = currentTarget;
                current = null;
                channel = null; // the failing stream closes its own connection (after its stream error, if any)
                up = null;
                pendingVerifies.addAll(0, sentVerifies); // asked again on the next stream
                sentVerifies.clear();
                held = null;
                ch = null;
            } else {
                dead = true;
                held = new ArrayList<>(queue);
                queue.clear();
                verifies.values().forEach(waiting::addAll);
                verifies.clear();
                ch = channel;
                if (timeout != null) {
                    timeout.cancel(false);
                }
            }
        }
        if (held == null) {
            LOG.info("s2s {} -> {}: {} failed before authentication ({})", local, remote,
                    failed == null ? "candidate" : failed.address(), why);
            tryNext(why);
            return;
        }
        owner.forget(this);
        if (!held.isEmpty() || !wasReady) {
            LOG.info("s2s {} -> {} failed ({}): {} stanza(s) bounce with {}", local, remote, why, held.size(),
                    condition.condition());
        }
        held.forEach(s -> bounce(s, condition));
        waiting.forEach(f -> f.complete(false));
        if (ch != null) {
            ch.close();
        }
    }

    /** Closes the link's stream (shutdown). */
    void close() {
        OutboundStream s;
        synchronized (this) {
            s = ready != null ? ready : up;
        }
        if (s != null) {
            s.close();
        }
        lost(null, StanzaError.REMOTE_SERVER_NOT_FOUND, "shutdown");
    }

    void bounce(Stanza stanza, StanzaError condition) {
        Stanza error = Stanzas.error(stanza, condition, null);
        if (error != null && error.to() != null) {
            services.router().route(error);
        }
    }

    private static org.dom4j.Element outward(Stanza stanza) {
        return S2sElements.retarget(stanza.element(), Namespaces.CLIENT, Namespaces.SERVER);
    }
}
