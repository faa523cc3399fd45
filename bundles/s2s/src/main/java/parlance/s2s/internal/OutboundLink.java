package parlance.s2s.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * Our way to one remote domain for one local domain (RFC 6120 §10.4): resolves ({@link Resolver}), connects to the
 * candidates in order, holds stanzas (bounded) until the {@link OutboundStream} is authenticated, then writes them
 * in order. When the connection cannot be made or authenticated, or the connect timeout passes first, every held
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

    /** Resolves (off the event loops) and connects; arms the connect timeout. */
    void start() {
        timeout = services.workers.next().schedule(() -> lost(null, StanzaError.REMOTE_SERVER_TIMEOUT, "timeout"),
                services.connectTimeoutSeconds, TimeUnit.SECONDS);
        services.blocking.execute(() -> {
            List<Candidate> addresses = new ArrayList<>();
            for (Target candidate : services.resolver.targets(remote)) {
                try {
                    for (InetAddress a : InetAddress.getAllByName(candidate.host())) {
                        addresses.add(new Candidate(new InetSocketAddress(a, candidate.port()), candidate.directTls()));
                    }
                } catch (UnknownHostException e) {
                    LOG.debug("{}: cannot resolve {}", remote, candidate.host());
                }
            }
            connect(addresses, 0);
        });
    }

    /** A resolved address, and whether TLS starts on connect there (XEP-0368 §3 rule 2). */
    private record Candidate(InetSocketAddress address, boolean directTls) {
    }

    private void connect(List<Candidate> addresses, int i) {
        synchronized (this) {
            if (dead) {
                return;
            }
        }
        if (i >= addresses.size()) {
            lost(null, StanzaError.REMOTE_SERVER_NOT_FOUND, "no reachable address");
            return;
        }
        Bootstrap b = new Bootstrap().group(services.workers).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, services.connectTimeoutSeconds * 1000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (services.idleSeconds > 0) {
                            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, services.idleSeconds));
                        }
                        Candidate target = addresses.get(i);
                        if (target.directTls()) {
                            io.netty.handler.ssl.SslHandler ssl = DirectTls.client(services.tls.directClient(),
                                    ch.alloc(), remote, target.address().getPort());
                            if (ssl == null) {
                                ch.close();
                                return;
                            }
                            ch.pipeline().addLast("tls", ssl);
                        }
                        ch.pipeline().addLast("s2s", new OutboundStream(services, OutboundLink.this,
                                target.directTls()));
                    }
                });
        b.connect(addresses.get(i).address()).addListener(f -> {
            if (f.isSuccess()) {
                boolean closeNow;
                synchronized (this) {
                    channel = ((io.netty.channel.ChannelFuture) f).channel();
                    closeNow = dead;
                }
                if (closeNow) {
                    channel.close();
                }
            } else {
                LOG.debug("{}: cannot connect to {}: {}", remote, addresses.get(i).address(),
                        String.valueOf(f.cause()));
                connect(addresses, i + 1);
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
                up.send(request);
            } else {
                pendingVerifies.add(request);
            }
        }
        return result;
    }

    /** TLS is up on {@code stream}: verification requests may go. */
    synchronized void streamUp(OutboundStream stream) {
        up = stream;
        pendingVerifies.forEach(stream::send);
        pendingVerifies.clear();
    }

    /** The remote domain accepted us (dialback or EXTERNAL): held stanzas go out in order. */
    synchronized void ready(OutboundStream stream) {
        if (dead) {
            return;
        }
        streamUp(stream);
        ready = stream;
        if (timeout != null) {
            timeout.cancel(false);
        }
        LOG.info("s2s stream {} -> {} authenticated", local, remote);
        while (!queue.isEmpty()) {
            stream.send(outward(queue.poll()));
        }
    }

    /** A {@code <db:verify/>} answer from the remote domain. */
    void verified(String id, String from, boolean valid) {
        List<CompletableFuture<Boolean>> waiting;
        synchronized (this) {
            waiting = id == null || !remote.equals(from) ? null : verifies.remove(id);
        }
        if (waiting != null) {
            waiting.forEach(f -> f.complete(valid));
        }
    }

    /** The stream failed or ended (or the timeout passed): held stanzas bounce, the link is forgotten. */
    void lost(OutboundStream stream, StanzaError condition, String why) {
        List<Stanza> held;
        List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
        Channel ch;
        boolean wasReady;
        synchronized (this) {
            wasReady = ready != null;
            if (dead || (stream != null && up != null && stream != up)) {
                return;
            }
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
