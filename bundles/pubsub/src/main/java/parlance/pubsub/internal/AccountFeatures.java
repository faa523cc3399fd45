package parlance.pubsub.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.ServiceReference;
import parlance.api.handler.IqHandler;

/**
 * The disco features other bundles publish for accounts ({@value IqHandler#FEATURE} of handlers registered with
 * {@code target=account}), read from service properties only, so that the PEP account disco#info, which replaces
 * the disco bundle's answer to add the {@code pubsub/pep} identity, lists them too.
 */
final class AccountFeatures {
    private final Map<ServiceReference<?>, List<String>> published = new ConcurrentHashMap<>();

    void add(ServiceReference<?> ref) {
        if (strings(ref.getProperty(IqHandler.TARGET)).contains(IqHandler.TARGET_ACCOUNT)) {
            published.put(ref, strings(ref.getProperty(IqHandler.FEATURE)));
        }
    }

    void remove(ServiceReference<?> ref) {
        published.remove(ref);
    }

    Collection<String> features() {
        SortedSet<String> all = new TreeSet<>();
        published.values().forEach(all::addAll);
        return all;
    }

    static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(String::valueOf).toList();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
