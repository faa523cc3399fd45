package parlance.router.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import org.osgi.service.component.ComponentServiceObjects;
import parlance.api.handler.IqHandler;
import parlance.api.handler.MessageInterceptor;
import parlance.api.handler.StanzaHandler;
import parlance.api.router.HostedService;
import parlance.api.router.RemoteDomains;
import parlance.api.router.Router;
import parlance.api.router.RouterStatistics;
import parlance.api.server.ServerInfo;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The router: decides by {@code to} (RFC 6120 §10) where a stanza goes. Handlers run synchronously on the calling
 * thread, so a session's stanzas are handled in arrival order; slow work goes to {@link #executor()}.
 * <ul>
 * <li>no {@code to} (RFC 6120 §10.3): IQ → account handlers for the sender (then server handlers, for clients that
 * omit {@code to} on server requests such as ping); message → as to the sender's bare address; presence → presence
 * handlers of the account (broadcast, RFC 6121 §4.2).</li>
 * <li>the server's domain (§10.5): IQ → server handlers or {@code service-unavailable}; message/presence → handlers
 * with target server, else {@code service-unavailable} (message) or nothing (presence).</li>
 * <li>a local bare address (RFC 6121 §8.5.2) → account handlers, then {@link LocalDelivery}; a local full address
 * (§8.5.3) → that session, or the rules for a missing resource.</li>
 * <li>a hosted service domain (exact domain, any address under it) → {@link HostedService#receive}.</li>
 * <li>any other domain (§10.4) → the {@link RemoteRoute} seam: the highest-ranked {@link RemoteDomains} service
 * (s2s), else {@code remote-server-not-found}.</li>
 * </ul>
 * Presence and messages a local client sends to another address first pass the {@code outbound} handlers (the
 * sender's side of RFC 6121 §3 and §4.6); so do its IQs ({@code iq/outbound}), and IQs to a local account's bare
 * or full address pass the {@code iq/account} stanza handlers first (XEP-0191 blocking), which may take them over.
 * <p>Messages also pass the {@link MessageInterceptor}s: {@code outbound} before a local client's message leaves its
 * account, {@code inbound} before a message to a local account meets the account handlers and delivery, and
 * {@code delivered} afterwards with the sessions that received it. When an interceptor's stage is pending,
 * {@link SenderOrder} holds the sender's later stanzas back, so each sender's stanzas are still processed in
 * arrival order (RFC 6120 §10.1). A handler that throws fails its own stanza with
 * {@code internal-server-error} and one log line; stanzas of type error are never answered with errors.
 */
@Component(service = {Router.class, RouterStatistics.class}, configurationPid = RouterConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RouterConfig.class)
public class StanzaRouter implements Router, RouterStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(StanzaRouter.class);
    /** Stanzas received and routed; a LongAdder so that event loops never contend on one counter. */
    private final LongAdder stanzas = new LongAdder();

    private final HandlerIndex index = new HandlerIndex();
    private final Interceptors interceptors = new Interceptors();
    private final SenderOrder order = new SenderOrder();
    private final SessionManager sessions;
    private final ServerInfo server;
    private final LocalDelivery local;
    private final ThreadPoolExecutor executor;
    /** Registered {@link RemoteDomains} (s2s), highest ranking first; empty: remote-server-not-found. */
    private final java.util.concurrent.ConcurrentSkipListMap<Map<String, Object>, RemoteDomains> remotes =
            new java.util.concurrent.ConcurrentSkipListMap<>(LazyServices.BY_RANKING);
    private final RemoteRoute remote = (origin, stanza, router) -> {
        Map.Entry<Map<String, Object>, RemoteDomains> first = remotes.firstEntry();
        if (first == null) {
            router.sendError(origin, stanza, StanzaError.REMOTE_SERVER_NOT_FOUND);
        } else {
            first.getValue().send(stanza);
        }
    };

    @Activate
    public StanzaRouter(@Reference SessionManager sessions, @Reference ServerInfo server, RouterConfig config) {
        this.sessions = sessions;
        this.server = server;
        this.local = new LocalDelivery(sessions, this);
        int threads = Math.max(1, config.handler_threads());
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(Math.max(1, config.handler_queue())), new Named());
        executor.allowCoreThreadTimeOut(true);
    }

    @Modified
    void modified(RouterConfig config) {
        int threads = Math.max(1, config.handler_threads());
        if (threads > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(threads);
            executor.setCorePoolSize(threads);
        } else {
            executor.setCorePoolSize(threads);
            executor.setMaximumPoolSize(threads);
        }
    }

    @Deactivate
    public void deactivate() {
        executor.shutdownNow();
        index.clear();
        interceptors.clear();
    }

    private final LazyServices<IqHandler> lazyIq = new LazyServices<>();
    private final LazyServices<StanzaHandler> lazyStanza = new LazyServices<>();
    private final LazyServices<HostedService> lazyHosted = new LazyServices<>();
    private final LazyServices<MessageInterceptor> lazyInterceptors = new LazyServices<>();

    @Reference(name = "messageInterceptors", cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindMessageInterceptor(ComponentServiceObjects<MessageInterceptor> objects, Map<String, Object> props) {
        addMessageInterceptor(lazyInterceptors.remember(props, LazyServices.interceptor(objects)), props);
    }

    void unbindMessageInterceptor(ComponentServiceObjects<MessageInterceptor> objects, Map<String, Object> props) {
        MessageInterceptor proxy = lazyInterceptors.forget(props);
        if (proxy != null) {
            removeMessageInterceptor(proxy);
        }
    }

    @Reference(name = "iqHandlers", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindIqHandler(ComponentServiceObjects<IqHandler> objects, Map<String, Object> props) {
        addIqHandler(lazyIq.remember(props, LazyServices.iq(objects)), props);
    }

    void unbindIqHandler(ComponentServiceObjects<IqHandler> objects, Map<String, Object> props) {
        IqHandler proxy = lazyIq.forget(props);
        if (proxy != null) {
            removeIqHandler(proxy);
        }
    }

    @Reference(name = "stanzaHandlers", cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindStanzaHandler(ComponentServiceObjects<StanzaHandler> objects, Map<String, Object> props) {
        addStanzaHandler(lazyStanza.remember(props, LazyServices.stanza(objects)), props);
    }

    void unbindStanzaHandler(ComponentServiceObjects<StanzaHandler> objects, Map<String, Object> props) {
        StanzaHandler proxy = lazyStanza.forget(props);
        if (proxy != null) {
            removeStanzaHandler(proxy);
        }
    }

    @Reference(name = "hostedServices", cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindHostedService(ComponentServiceObjects<HostedService> objects, Map<String, Object> props) {
        addHostedService(lazyHosted.remember(props, LazyServices.hosted(objects)), props);
    }

    void unbindHostedService(ComponentServiceObjects<HostedService> objects, Map<String, Object> props) {
        HostedService proxy = lazyHosted.forget(props);
        if (proxy != null) {
            removeHostedService(proxy);
        }
    }

    /** RFC 6120 §10.4: the way out to remote domains (s2s); obtained on first use like the handlers. */
    @Reference(name = "remoteDomains", cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindRemoteDomains(ComponentServiceObjects<RemoteDomains> objects, Map<String, Object> props) {
        remotes.put(props, LazyServices.remote(objects));
    }

    void unbindRemoteDomains(ComponentServiceObjects<RemoteDomains> objects, Map<String, Object> props) {
        remotes.remove(props);
    }

    /** Adds the way out to remote domains directly (tests; DS binds through {@link #bindRemoteDomains}). */
    public void addRemoteDomains(RemoteDomains service, Map<String, Object> props) {
        remotes.put(props, service);
    }

    public void removeRemoteDomains(Map<String, Object> props) {
        remotes.remove(props);
    }

    /** Adds a handler directly (tests; DS binds through {@link #bindIqHandler}). */
    public void addIqHandler(IqHandler handler, Map<String, Object> props) {
        index.addIq(handler, props);
    }

    public void removeIqHandler(IqHandler handler) {
        index.removeIq(handler);
    }

    public void addStanzaHandler(StanzaHandler handler, Map<String, Object> props) {
        index.addStanza(handler, props);
    }

    public void removeStanzaHandler(StanzaHandler handler) {
        index.removeStanza(handler);
    }

    public void addHostedService(HostedService service, Map<String, Object> props) {
        index.addService(service, props);
    }

    public void removeHostedService(HostedService service) {
        index.removeService(service);
    }

    public void addMessageInterceptor(MessageInterceptor interceptor, Map<String, Object> props) {
        interceptors.add(interceptor, props);
    }

    public void removeMessageInterceptor(MessageInterceptor interceptor) {
        interceptors.remove(interceptor);
    }

    Executor executor() {
        return executor;
    }

    /** Senders whose later stanzas wait behind a pending message interceptor (tests). */
    int pendingSenders() {
        return order.pendingSenders();
    }

    @Override
    public long stanzas() {
        return stanzas.sum();
    }

    @Override
    public void route(Stanza stanza) {
        stanzas.increment();
        order.submit(lane(stanza.from()), () -> dispatch(null, stanza));
    }

    /**
     * The order lane of a stanza routed without a local session: its sender's bare address, so that everything an
     * entity sends through its resources keeps one order. A MUC room speaks as the room and as each occupant
     * (room@service/nick): a new occupant must get the others' presence before its own (XEP-0045 §7.2.3) even
     * while one occupant's earlier message waits in an interceptor.
     */
    private static Jid lane(Jid from) {
        return from == null ? null : from.bare();
    }

    @Override
    public void receive(ClientSession origin, Stanza stanza) {
        stanzas.increment();
        order.submit(origin, () -> dispatch(origin, stanza));
    }

    /**
     * Routes one stanza; returns {@code null} when routing finished on this thread, or a stage completing when a
     * message interceptor's pending work and the rest of the routing are done (the sender's next stanzas wait).
     */
    private CompletionStage<?> dispatch(ClientSession origin, Stanza stanza) {
        try {
            Jid to = stanza.to();
            if (origin != null && stanza.kind() == Stanza.Kind.MESSAGE && to != null && interceptors.any()
                    && !sameBare(to, stanza.from())) {
                return then(origin, stanza, interceptors.outbound(origin, stanza),
                        message -> dispatchByAddress(origin, message));
            }
            return dispatchByAddress(origin, stanza);
        } catch (RuntimeException e) {
            LOG.warn("Routing {} failed: {}", stanza, e.toString(), e);
            sendError(origin, stanza, StanzaError.INTERNAL_SERVER_ERROR);
            return null;
        }
    }

    /**
     * Goes on with what a chain of interceptors returned: at once when it is complete, else when it completes;
     * {@code null} (dropped) ends routing. A step that throws later fails its stanza as {@link #dispatch} does.
     */
    private CompletionStage<?> then(ClientSession origin, Stanza original, CompletionStage<Stanza> chain,
            Function<Stanza, CompletionStage<?>> next) {
        CompletableFuture<Stanza> f = chain.toCompletableFuture();
        if (f.isDone()) {
            Stanza message = f.getNow(original);
            return message == null ? null : next.apply(message);
        }
        return f.thenCompose(message -> {
            CompletionStage<?> more = null;
            if (message != null) {
                try {
                    more = next.apply(message);
                } catch (RuntimeException e) {
                    LOG.warn("Routing {} failed: {}", message, e.toString(), e);
                    sendError(origin, message, StanzaError.INTERNAL_SERVER_ERROR);
                }
            }
            return more == null ? CompletableFuture.completedFuture(null) : more;
        });
    }

    private CompletionStage<?> dispatchByAddress(ClientSession origin, Stanza stanza) {
        Jid to = stanza.to();
        if (to == null) {
            return toSelf(origin, stanza);
        }
        if (origin != null && !sameBare(to, stanza.from()) && offer(stanza.kind() == Stanza.Kind.MESSAGE
                ? HandlerIndex.MESSAGE_OUTBOUND : stanza.kind() == Stanza.Kind.PRESENCE
                        ? HandlerIndex.PRESENCE_OUTBOUND : HandlerIndex.IQ_OUTBOUND, origin, stanza)) {
            return null;
        }
        if (to.domain().equals(server.domain())) {
            if (to.local() == null) {
                toServer(origin, stanza);
            } else if (stanza.kind() == Stanza.Kind.MESSAGE) {
                return accountMessage(origin, stanza, to);
            } else if (to.resource() == null) {
                toAccount(origin, stanza, to);
            } else {
                toFull(origin, stanza, to);
            }
            return null;
        }
        HostedService service = index.service(to.domain());
        if (service != null) {
            try {
                service.receive(stanza, this);
            } catch (RuntimeException e) {
                LOG.warn("Hosted service {} failed on {}: {}", to.domain(), stanza, e.toString());
                sendError(origin, stanza, StanzaError.INTERNAL_SERVER_ERROR);
            }
            return null;
        }
        remote.send(origin, stanza, this);
        return null;
    }

    /**
     * A message to a local account ({@code to} bare or full): the inbound interceptors, then the rules of RFC 6121
     * §8.5.2/§8.5.3, then the interceptors hear which sessions received it.
     */
    private CompletionStage<?> accountMessage(ClientSession origin, Stanza stanza, Jid to) {
        if (!interceptors.any()) {
            deliverMessage(origin, stanza, to);
            return null;
        }
        Jid account = to.bare();
        return then(origin, stanza, interceptors.inbound(account, origin, stanza), message -> {
            interceptors.delivered(account, message, deliverMessage(origin, message, to));
            return null;
        });
    }

    /** RFC 6121 §8.5.2 (bare) and §8.5.3 (full) for a message; returns the sessions that received it. */
    private Collection<ClientSession> deliverMessage(ClientSession origin, Stanza stanza, Jid to) {
        if (to.resource() != null) {
            ClientSession target = sessions.session(to);
            if (target != null) {
                target.deliver(stanza);
                return List.of(target);
            }
            String type = stanza.type();
            if ("groupchat".equals(type)) {
                sendError(origin, stanza, StanzaError.SERVICE_UNAVAILABLE);
                return List.of();
            } else if ("headline".equals(type) || "error".equals(type)) {
                return List.of();
            }
            // §8.5.3.2.1: chat and normal as if to the bare address
        }
        if (offer(HandlerIndex.MESSAGE_ACCOUNT, origin, stanza)) {
            return List.of();
        }
        return local.message(origin, stanza, to.bare());
    }

    /** RFC 6120 §10.3: no {@code to}, handled on behalf of the sender's account. */
    private CompletionStage<?> toSelf(ClientSession origin, Stanza stanza) {
        Jid from = stanza.from();
        switch (stanza.kind()) {
            case IQ:
                if (stanza.isIqRequest()) {
                    iq(origin, stanza, IqHandler.TARGET_ACCOUNT, IqHandler.TARGET_SERVER);
                }
                return null;
            case MESSAGE:
                if (from == null) {
                    return null;
                }
                if (from.local() == null) {
                    deliverMessage(origin, stanza, from.bare());
                    return null;
                }
                return accountMessage(origin, stanza, from.bare());
            default:
                offer(HandlerIndex.PRESENCE_ACCOUNT, origin, stanza);
                return null;
        }
    }

    /** RFC 6120 §10.5: the server itself. */
    private void toServer(ClientSession origin, Stanza stanza) {
        switch (stanza.kind()) {
            case IQ:
                if (stanza.isIqRequest()) {
                    iq(origin, stanza, IqHandler.TARGET_SERVER, null);
                }
                return;
            case MESSAGE:
                if (!offer(HandlerIndex.MESSAGE_SERVER, origin, stanza)) {
                    sendError(origin, stanza, StanzaError.SERVICE_UNAVAILABLE);
                }
                return;
            default:
                offer(HandlerIndex.PRESENCE_SERVER, origin, stanza);
        }
    }

    /** RFC 6121 §8.5.2 (and §8.5.1: an account that does not exist is answered the same way). */
    private void toAccount(ClientSession origin, Stanza stanza, Jid bare) {
        switch (stanza.kind()) {
            case IQ:
                // §8.5.2.1.3: the server answers IQs to the bare address on the account's behalf; responses end here
                if (offer(HandlerIndex.IQ_ACCOUNT, origin, stanza)) {
                    return;
                }
                if (stanza.isIqRequest()) {
                    iq(origin, stanza, IqHandler.TARGET_ACCOUNT, null);
                }
                return;
            default:
                if (!offer(HandlerIndex.PRESENCE_ACCOUNT, origin, stanza)) {
                    local.presence(stanza, bare);
                }
        }
    }

    /** RFC 6121 §8.5.3: a full address, with or without a matching resource. */
    private void toFull(ClientSession origin, Stanza stanza, Jid full) {
        ClientSession target = sessions.session(full);
        switch (stanza.kind()) {
            case IQ:
                if (offer(HandlerIndex.IQ_ACCOUNT, origin, stanza)) {
                    return;
                }
                if (target != null) {
                    target.deliver(stanza);
                } else if (stanza.isIqRequest()) {
                    sendError(origin, stanza, StanzaError.SERVICE_UNAVAILABLE); // §8.5.3.2.3
                }
                return;
            default:
                // subscription stanzas and probes are the account's business whatever the resource (§3, §4.3)
                if (!offer(HandlerIndex.PRESENCE_ACCOUNT, origin, stanza) && target != null) {
                    target.deliver(stanza);
                }
        }
    }

    private void iq(ClientSession origin, Stanza stanza, String target, String fallbackTarget) {
        Element payload = stanza.payload();
        if (payload == null) {
            sendError(origin, stanza, StanzaError.BAD_REQUEST); // RFC 6120 §8.2.3: exactly one payload
            return;
        }
        String type = stanza.type();
        String ns = payload.getNamespaceURI();
        String name = payload.getName();
        IqHandler handler = index.iq(type, target, ns, name);
        if (handler == null && fallbackTarget != null) {
            handler = index.iq(type, fallbackTarget, ns, name);
        }
        if (handler == null) {
            sendError(origin, stanza, StanzaError.SERVICE_UNAVAILABLE); // RFC 6120 §8.4
            return;
        }
        RoutingContext ctx = new RoutingContext(this, origin, stanza);
        try {
            handler.handle(ctx);
        } catch (Exception e) {
            failed(ctx, handler, e);
        }
    }

    /** Offers the stanza to the handlers of {@code key} in ranking order; true when one took it. */
    private boolean offer(String key, ClientSession origin, Stanza stanza) {
        StanzaHandler[] handlers = index.stanzaHandlers(key);
        if (handlers.length == 0) {
            return false;
        }
        RoutingContext ctx = new RoutingContext(this, origin, stanza);
        for (StanzaHandler handler : handlers) {
            try {
                if (handler.handle(ctx)) {
                    return true;
                }
            } catch (Exception e) {
                failed(ctx, handler, e);
                return true;
            }
        }
        return false;
    }

    private void failed(RoutingContext ctx, Object handler, Exception e) {
        LOG.warn("Handler {} failed on {}: {}", handler.getClass().getName(), ctx.stanza(), e.toString());
        LOG.debug("Handler failure", e);
        if (!ctx.answered()) {
            ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
        }
    }

    /** Answers {@code stanza} with an error, to the origin session when known; never answers an error. */
    void sendError(ClientSession origin, Stanza stanza, StanzaError condition) {
        Stanza error = Stanzas.error(stanza, condition, null);
        if (error == null || error.to() == null) {
            return;
        }
        if (origin != null) {
            origin.deliver(error);
        } else {
            dispatch(null, error);
        }
    }

    private static boolean sameBare(Jid a, Jid b) {
        return b != null && a.domain().equals(b.domain()) && java.util.Objects.equals(a.local(), b.local());
    }

    private static final class Named implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "parlance-handler-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
