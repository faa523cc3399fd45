package parlance.archive.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.dom4j.DocumentException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.storage.PrivateStore;

/**
 * Archiving preferences of accounts (XEP-0313 §6.2), stored with the account's private XML ({@link PrivateStore})
 * under the key {@value #KEY}: it has no space, so no XEP-0049 request (whose keys are "namespace element") can
 * read or overwrite it. Read once per account and kept in memory; an account without stored preferences follows
 * the configured default, which can change at runtime.
 */
@Component(service = Preferences.class, configurationPid = ArchiveConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ArchiveConfig.class)
public class Preferences {
    static final String KEY = Ns.MAM + "#prefs";
    /** Accounts whose preferences are kept in memory; beyond it the cache starts over (a re-read is cheap). */
    private static final int CACHED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Preferences.class);

    private final PrivateStore store;
    private final ConcurrentHashMap<String, Optional<Prefs>> cache = new ConcurrentHashMap<>();
    private volatile Prefs.Mode defaultMode;

    @Activate
    public Preferences(@Reference PrivateStore store, ArchiveConfig config) {
        this.store = store;
        modified(config);
    }

    @Modified
    void modified(ArchiveConfig config) {
        Prefs.Mode mode = Prefs.Mode.of(config.default_policy());
        defaultMode = mode == null ? Prefs.Mode.ALWAYS : mode;
    }

    /** The preferences of an existing account (its own, or the default ones). */
    CompletionStage<Prefs> get(String user) {
        Optional<Prefs> cached = cache.get(user);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached.orElse(Prefs.of(defaultMode)));
        }
        return store.get(user, KEY).thenApply(xml -> {
            Optional<Prefs> prefs = xml.flatMap(this::parse);
            remember(user, prefs);
            return prefs.orElse(Prefs.of(defaultMode));
        });
    }

    /** Stores new preferences; completes once they are durable. */
    CompletionStage<Prefs> set(String user, Prefs prefs) {
        return store.put(user, KEY, prefs.toXml().asXML()).thenApply(v -> {
            remember(user, Optional.of(prefs));
            return prefs;
        });
    }

    private void remember(String user, Optional<Prefs> prefs) {
        if (cache.size() >= CACHED) {
            cache.clear();
        }
        cache.put(user, prefs);
    }

    private Optional<Prefs> parse(String xml) {
        try {
            return Optional.of(Prefs.fromXml(Stamps.parse(xml), s -> s));
        } catch (DocumentException | IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable archive preferences: {}", e.toString());
            return Optional.empty();
        }
    }
}
