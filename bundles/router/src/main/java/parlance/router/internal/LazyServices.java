package parlance.router.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.ComponentServiceObjects;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import parlance.api.address.Jid;
import parlance.api.handler.IqHandler;
import parlance.api.handler.MessageInterceptor;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.handler.StanzaHandler;
import parlance.api.router.HostedService;
import parlance.api.session.SessionListener;

/**
 * Whiteboard services obtained on first use rather than when they are bound. Handlers and session listeners
 * commonly depend on the router and the session table themselves; getting them while the router activates would
 * be a cycle that SCR refuses ("Unable to get service"). Binding only their registration, and getting the
 * object when the first stanza needs it, breaks that cycle. SCR releases what was obtained when a reference is
 * unbound, so nothing outlives a departing bundle.
 */
final class LazyServices<T> {
    private final Map<Long, T> proxies = new ConcurrentHashMap<>();

    /** One lazily obtained service object. */
    static final class Lazy<T> {
        private final ComponentServiceObjects<T> objects;
        private volatile T service;

        Lazy(ComponentServiceObjects<T> objects) {
            this.objects = objects;
        }

        T get() {
            T s = service;
            if (s == null) {
                synchronized (this) {
                    s = service;
                    if (s == null) {
                        s = objects.getService();
                        if (s == null) {
                            throw new IllegalStateException("service is not available: "
                                    + objects.getServiceReference());
                        }
                        service = s;
                    }
                }
            }
            return s;
        }
    }

    static IqHandler iq(ComponentServiceObjects<IqHandler> objects) {
        Lazy<IqHandler> lazy = new Lazy<>(objects);
        return ctx -> lazy.get().handle(ctx);
    }

    static StanzaHandler stanza(ComponentServiceObjects<StanzaHandler> objects) {
        Lazy<StanzaHandler> lazy = new Lazy<>(objects);
        return ctx -> lazy.get().handle(ctx);
    }

    static HostedService hosted(ComponentServiceObjects<HostedService> objects) {
        Lazy<HostedService> lazy = new Lazy<>(objects);
        return (stanza, router) -> lazy.get().receive(stanza, router);
    }

    static parlance.api.router.RemoteDomains remote(
            ComponentServiceObjects<parlance.api.router.RemoteDomains> objects) {
        Lazy<parlance.api.router.RemoteDomains> lazy = new Lazy<>(objects);
        return stanza -> lazy.get().send(stanza);
    }

    /** Orders service properties by {@code service.ranking} (highest first), then by service id (oldest first). */
    static final java.util.Comparator<Map<String, Object>> BY_RANKING = (a, b) -> {
        int c = Integer.compare(ranking(b), ranking(a));
        return c != 0 ? c : Long.compare(serviceId(a), serviceId(b));
    };

    private static int ranking(Map<String, Object> props) {
        Object r = props.get(org.osgi.framework.Constants.SERVICE_RANKING);
        return r instanceof Integer ? (Integer) r : 0;
    }

    static MessageInterceptor interceptor(ComponentServiceObjects<MessageInterceptor> objects) {
        Lazy<MessageInterceptor> lazy = new Lazy<>(objects);
        return new MessageInterceptor() {
            @Override
            public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza message) {
                return lazy.get().inbound(account, origin, message);
            }

            @Override
            public CompletionStage<Stanza> outbound(ClientSession origin, Stanza message) {
                return lazy.get().outbound(origin, message);
            }

            @Override
            public void delivered(Jid account, Stanza message, Collection<ClientSession> recipients) {
                lazy.get().delivered(account, message, recipients);
            }

            @Override
            public String toString() {
                return String.valueOf(objects.getServiceReference().getProperty("component.name"));
            }
        };
    }

    static SessionListener listener(ComponentServiceObjects<SessionListener> objects) {
        Lazy<SessionListener> lazy = new Lazy<>(objects);
        return new SessionListener() {
            @Override
            public void sessionBound(parlance.api.session.ClientSession session) {
                lazy.get().sessionBound(session);
            }

            @Override
            public void sessionClosed(parlance.api.session.ClientSession session) {
                lazy.get().sessionClosed(session);
            }
        };
    }

    /** Remembers the proxy made for a registration (by service id), to remove the same one on unbind. */
    T remember(Map<String, Object> props, T proxy) {
        proxies.put(serviceId(props), proxy);
        return proxy;
    }

    T forget(Map<String, Object> props) {
        return proxies.remove(serviceId(props));
    }

    private static long serviceId(Map<String, Object> props) {
        return ((Number) props.get(org.osgi.framework.Constants.SERVICE_ID)).longValue();
    }
}
