package parlance.pubsub.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parlance.api.address.Jid;

/**
 * One subscription to a node (XEP-0060 §4.2): the subscribed address (bare or full), its id, its state
 * ({@code subscribed}, {@code pending} for the authorize access model §6.1.3.3, {@code unconfigured}) and its
 * subscription options (§6.3, {@code pubsub#subscribe_options}). Touched only on its service's queue.
 */
final class Subscription {
    static final String SUBSCRIBED = "subscribed";
    static final String PENDING = "pending";

    final Jid jid;
    final String subid;
    String state;
    final Map<String, List<String>> options = new LinkedHashMap<>();

    Subscription(Jid jid, String subid, String state) {
        this.jid = jid;
        this.subid = subid;
        this.state = state;
    }

    boolean isActive() {
        return SUBSCRIBED.equals(state);
    }

    /** {@code pubsub#deliver} (§6.3.7): false only when the subscriber asked for no notifications. */
    boolean deliver() {
        List<String> v = options.get("pubsub#deliver");
        return v == null || v.isEmpty() || Ns.isTrue(v.get(0));
    }
}
