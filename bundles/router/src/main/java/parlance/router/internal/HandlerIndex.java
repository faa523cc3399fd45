package parlance.router.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Constants;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.router.HostedService;

/**
 * The routing tables, rebuilt as immutable maps whenever a handler comes or goes (rare) so that a lookup on the hot
 * path is one hash-map read without locks. IQ handlers are keyed by the whole (type, target, namespace, element)
 * key, never the namespace alone; {@code service.ranking} (then the lower {@code service.id}) wins a tie. Nothing
 * here outlives the registration: an unbound handler is gone from the next lookup on.
 */
final class HandlerIndex {
    static final StanzaHandler[] NO_HANDLERS = new StanzaHandler[0];

    /** The key of an IQ handler (RFC 6120 §8.2.3: type plus the qualified name of the payload). */
    record IqKey(String type, String target, String namespace, String element) {
    }

    private record Registration<T>(T service, long id, int ranking, Map<String, Object> props) {
    }

    private static final Comparator<Registration<?>> BY_RANK = Comparator
            .comparingInt((Registration<?> r) -> -r.ranking).thenComparingLong(r -> r.id);

    private final List<Registration<IqHandler>> iqRegs = new ArrayList<>();
    private final List<Registration<StanzaHandler>> stanzaRegs = new ArrayList<>();
    private final List<Registration<HostedService>> serviceRegs = new ArrayList<>();

    private volatile Map<IqKey, IqHandler> iq = Map.of();
    /** Key: kind + '/' + target, e.g. {@code message/account}. */
    private volatile Map<String, StanzaHandler[]> stanza = Map.of();
    private volatile Map<String, HostedService> services = Map.of();

    IqHandler iq(String type, String target, String namespace, String element) {
        return iq.get(new IqKey(type, target, namespace, element));
    }

    /** Keys of {@link #stanzaHandlers}: kind and target, constants so that a lookup allocates nothing. */
    static final String MESSAGE_ACCOUNT = "message/" + IqHandler.TARGET_ACCOUNT;
    static final String MESSAGE_SERVER = "message/" + IqHandler.TARGET_SERVER;
    static final String MESSAGE_OUTBOUND = "message/" + StanzaHandler.TARGET_OUTBOUND;
    static final String PRESENCE_ACCOUNT = "presence/" + IqHandler.TARGET_ACCOUNT;
    static final String PRESENCE_SERVER = "presence/" + IqHandler.TARGET_SERVER;
    static final String PRESENCE_OUTBOUND = "presence/" + StanzaHandler.TARGET_OUTBOUND;
    /** IQs to a local account's bare or full address, before the IQ handlers or the session (blocking, XEP-0191). */
    static final String IQ_ACCOUNT = "iq/" + IqHandler.TARGET_ACCOUNT;
    static final String IQ_OUTBOUND = "iq/" + StanzaHandler.TARGET_OUTBOUND;

    StanzaHandler[] stanzaHandlers(String key) {
        StanzaHandler[] handlers = stanza.get(key);
        return handlers == null ? NO_HANDLERS : handlers;
    }

    HostedService service(String domain) {
        return services.get(domain);
    }

    synchronized void addIq(IqHandler handler, Map<String, Object> props) {
        iqRegs.add(registration(handler, props));
        rebuildIq();
    }

    synchronized void removeIq(IqHandler handler) {
        iqRegs.removeIf(r -> r.service == handler);
        rebuildIq();
    }

    synchronized void addStanza(StanzaHandler handler, Map<String, Object> props) {
        stanzaRegs.add(registration(handler, props));
        rebuildStanza();
    }

    synchronized void removeStanza(StanzaHandler handler) {
        stanzaRegs.removeIf(r -> r.service == handler);
        rebuildStanza();
    }

    synchronized void addService(HostedService service, Map<String, Object> props) {
        serviceRegs.add(registration(service, props));
        rebuildServices();
    }

    synchronized void removeService(HostedService service) {
        serviceRegs.removeIf(r -> r.service == service);
        rebuildServices();
    }

    synchronized void clear() {
        iqRegs.clear();
        stanzaRegs.clear();
        serviceRegs.clear();
        iq = Map.of();
        stanza = Map.of();
        services = Map.of();
    }

    private void rebuildIq() {
        List<Registration<IqHandler>> sorted = new ArrayList<>(iqRegs);
        sorted.sort(BY_RANK);
        Map<IqKey, IqHandler> map = new HashMap<>();
        for (Registration<IqHandler> r : sorted) {
            for (String type : values(r.props.get(IqHandler.TYPE))) {
                for (String target : values(r.props.get(IqHandler.TARGET))) {
                    for (String ns : values(r.props.get(IqHandler.NAMESPACE))) {
                        for (String el : values(r.props.get(IqHandler.ELEMENT))) {
                            map.putIfAbsent(new IqKey(type, target, ns, el), r.service);
                        }
                    }
                }
            }
        }
        iq = Map.copyOf(map);
    }

    private void rebuildStanza() {
        List<Registration<StanzaHandler>> sorted = new ArrayList<>(stanzaRegs);
        sorted.sort(BY_RANK);
        Map<String, List<StanzaHandler>> map = new HashMap<>();
        for (Registration<StanzaHandler> r : sorted) {
            for (String kind : values(r.props.get(StanzaHandler.KIND))) {
                for (String target : values(r.props.get(IqHandler.TARGET))) {
                    map.computeIfAbsent(kind + '/' + target, k -> new ArrayList<>()).add(r.service);
                }
            }
        }
        Map<String, StanzaHandler[]> built = new HashMap<>();
        map.forEach((k, v) -> built.put(k, v.toArray(NO_HANDLERS)));
        stanza = Map.copyOf(built);
    }

    private void rebuildServices() {
        List<Registration<HostedService>> sorted = new ArrayList<>(serviceRegs);
        sorted.sort(BY_RANK);
        Map<String, HostedService> map = new HashMap<>();
        for (Registration<HostedService> r : sorted) {
            for (String domain : values(r.props.get(HostedService.DOMAIN))) {
                map.putIfAbsent(domain.toLowerCase(java.util.Locale.ROOT), r.service);
            }
        }
        services = Map.copyOf(map);
    }

    private static <T> Registration<T> registration(T service, Map<String, Object> props) {
        Object id = props.get(Constants.SERVICE_ID);
        Object ranking = props.get(Constants.SERVICE_RANKING);
        return new Registration<>(service, id instanceof Number ? ((Number) id).longValue() : Long.MAX_VALUE,
                ranking instanceof Integer ? (Integer) ranking : 0, Map.copyOf(props));
    }

    /** A service property as strings: a single value, an array or a collection (DS gives String[] for repeats). */
    static List<String> values(Object value) {
        List<String> out = new ArrayList<>(2);
        if (value instanceof String) {
            out.add(((String) value).trim());
        } else if (value instanceof String[]) {
            for (String s : (String[]) value) {
                out.add(s.trim());
            }
        } else if (value instanceof Collection) {
            for (Object o : (Collection<?>) value) {
                out.add(String.valueOf(o).trim());
            }
        }
        return out;
    }
}
