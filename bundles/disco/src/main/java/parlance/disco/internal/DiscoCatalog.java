package parlance.disco.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.router.HostedService;

/**
 * What the disco handlers publish (XEP-0030 §3, §4), collected from the registrations themselves: the
 * {@value IqHandler#FEATURE} property of every {@link IqHandler} and {@link StanzaHandler} service, per
 * {@value IqHandler#TARGET} ({@code server} when a stanza handler names none), and the {@value HostedService#DOMAIN}
 * of every {@link HostedService}. Only service properties are read; the services themselves are never fetched, so
 * tracking them creates no dependency and no cycle.
 */
@Component(service = DiscoCatalog.class)
public class DiscoCatalog {
    private final Map<ServiceReference<?>, Published> published = new ConcurrentHashMap<>();

    /** What one service publishes. */
    private static final class Published {
        final List<String> targets;
        final List<String> features;
        final List<String> domains;

        Published(List<String> targets, List<String> features, List<String> domains) {
            this.targets = targets;
            this.features = features;
            this.domains = domains;
        }
    }

    @Reference(service = IqHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removed", updated = "addHandler")
    void addHandler(ServiceReference<?> ref) {
        List<String> targets = strings(ref.getProperty(IqHandler.TARGET));
        if (targets.isEmpty()) {
            targets = List.of(IqHandler.TARGET_SERVER);
        }
        published.put(ref, new Published(targets, strings(ref.getProperty(IqHandler.FEATURE)), List.of()));
    }

    @Reference(service = StanzaHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removed", updated = "addStanzaHandler")
    void addStanzaHandler(ServiceReference<?> ref) {
        addHandler(ref);
    }

    @Reference(service = HostedService.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removed", updated = "addService")
    void addService(ServiceReference<?> ref) {
        published.put(ref, new Published(List.of(), List.of(), strings(ref.getProperty(HostedService.DOMAIN))));
    }

    void removed(ServiceReference<?> ref) {
        published.remove(ref);
    }

    /** The features published for a target ({@code server} or {@code account}), sorted, without duplicates. */
    public SortedSet<String> features(String target) {
        SortedSet<String> features = new TreeSet<>();
        for (Published p : published.values()) {
            if (p.targets.contains(target)) {
                features.addAll(p.features);
            }
        }
        return features;
    }

    /** The domains of the hosted services (MUC, PubSub...), sorted: the server's disco items (XEP-0030 §4.2). */
    public SortedSet<String> serviceDomains() {
        SortedSet<String> domains = new TreeSet<>();
        for (Published p : published.values()) {
            domains.addAll(p.domains);
        }
        return domains;
    }

    /** A service property as strings: a single value, an array or a collection. */
    static List<String> strings(Object value) {
        if (value == null) {
            return Collections.emptyList();
        }
        if (value instanceof Object[]) {
            return Arrays.stream((Object[]) value).map(String::valueOf).toList();
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
