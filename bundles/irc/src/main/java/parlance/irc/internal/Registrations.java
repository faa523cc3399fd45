package parlance.irc.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import parlance.api.address.Jid;
import parlance.api.storage.PrivateStore;

/**
 * The gateway's registrations by bare JID (XEP-0100 §4.1). A local account's registration is kept with its private
 * XML ({@link PrivateStore}) under the key {@code urn:parlance:irc#<gateway domain>}, which has no space and so
 * cannot be read or written through XEP-0049; it outlives the bundle. Registrations of users of other domains, or
 * all of them while no store is there, are kept in memory only. Read once per user, then served from memory.
 */
final class Registrations {
    private final Supplier<PrivateStore> store;
    private final String serverDomain;
    private final String key;
    private final Map<Jid, Optional<Registration>> known = new ConcurrentHashMap<>();

    Registrations(Supplier<PrivateStore> store, String serverDomain, String gatewayDomain) {
        this.store = store;
        this.serverDomain = serverDomain;
        this.key = Registration.NS + "#" + gatewayDomain;
    }

    /** The registration of {@code user} (a bare JID), if any. */
    CompletionStage<Optional<Registration>> get(Jid user) {
        Optional<Registration> cached = known.get(user);
        PrivateStore s = stored(user);
        if (cached != null || s == null) {
            return CompletableFuture.completedFuture(cached == null ? Optional.empty() : cached);
        }
        return s.get(user.local(), key).thenApply(xml -> {
            Optional<Registration> found = xml.map(Registration::parse);
            Optional<Registration> raced = known.putIfAbsent(user, found);
            return raced == null ? found : raced;
        });
    }

    /** Stores (or, with {@code null}, removes) the registration of {@code user}. */
    CompletionStage<Void> put(Jid user, Registration registration) {
        known.put(user, Optional.ofNullable(registration));
        PrivateStore s = stored(user);
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        String xml = (registration == null ? Registration.removed() : registration.toXml()).asXML();
        return s.put(user.local(), key, xml);
    }

    private PrivateStore stored(Jid user) {
        return user.local() != null && serverDomain.equals(user.domain()) ? store.get() : null;
    }
}
