package parlance.pubsub.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.auth.AccountManager;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.server.ServerInfo;
import parlance.api.session.SessionListener;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Namespaces;
import parlance.api.storage.PrivateStore;
import parlance.api.storage.PubSubStore;
import parlance.api.storage.RosterStore;

/**
 * Publish-subscribe (XEP-0060 1.26) at {@code pubsub.<domain>} and PEP (XEP-0163 1.2) on every account. The
 * domain's {@link HostedService} and the account handlers are registered through the bundle context once the
 * domain is known, and leave with the component. The stores are optional and dynamic: without a
 * {@link PubSubStore} nodes and items live in memory until the service stops; without a {@link RosterStore} the
 * presence and roster access models admit owners only.
 */
@Component(service = {}, immediate = true, configurationPid = PubSubConfig.PID)
@Designate(ocd = PubSubConfig.class)
public class PubSubService {
    private static final Logger LOG = LoggerFactory.getLogger(PubSubService.class);

    private final ServerInfo server;
    private final SessionManager sessions;
    private final Router router;
    private final AddressPreparer preparer;
    private final AccountManager accounts;
    private final AccountFeatures features = new AccountFeatures();
    private volatile PubSubStore store;
    private volatile RosterStore rosters;
    private volatile PrivateStore privates;
    private final List<ServiceTracker<IqHandler, IqHandler>> trackers = new ArrayList<>();
    private ThreadPoolExecutor executor;
    private Engine engine;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public PubSubService(@Reference ServerInfo server, @Reference SessionManager sessions, @Reference Router router,
            @Reference AddressPreparer preparer, @Reference AccountManager accounts) {
        this.server = server;
        this.sessions = sessions;
        this.router = router;
        this.preparer = preparer;
        this.accounts = accounts;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(PubSubStore s) {
        store = s;
        invalidate();
    }

    void unbindStore(PubSubStore s) {
        if (store == s) {
            store = null;
            invalidate();
        }
    }

    private void invalidate() {
        Engine e = engine;
        if (e != null) {
            e.hosts.invalidate();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRosters(RosterStore s) {
        rosters = s;
    }

    void unbindRosters(RosterStore s) {
        if (rosters == s) {
            rosters = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPrivates(PrivateStore s) {
        privates = s;
    }

    void unbindPrivates(PrivateStore s) {
        if (privates == s) {
            privates = null;
        }
    }

    @Reference(service = IqHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removedHandler", updated = "addHandler")
    void addHandler(ServiceReference<?> ref) {
        features.add(ref);
    }

    void removedHandler(ServiceReference<?> ref) {
        features.remove(ref);
    }

    @Activate
    void activate(BundleContext context, PubSubConfig config) throws JidFormatException {
        String domain = config.domain().isBlank() ? "pubsub." + server.domain()
                : preparer.prepareDomain(config.domain().trim());
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(1, config.threads());
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(100_000),
                r -> {
                    Thread t = new Thread(r, "parlance-pubsub-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        Settings settings = Settings.of(config);
        Storage storage = new Storage(() -> store, new MemoryStore(System::currentTimeMillis), settings);
        PubSub ps = new PubSub(Jid.ofPrepared(null, domain, null), server.domain(), settings,
                new Fanout(sessions, () -> router), preparer, storage, () -> rosters, System::currentTimeMillis,
                server::isAdmin);
        engine = new Engine(ps, executor, () -> privates);

        Hashtable<String, Object> service = new Hashtable<>();
        service.put(HostedService.DOMAIN, domain);
        registrations.add(context.registerService(HostedService.class, new ServiceDispatcher(engine), service));
        String[] pepFeatures = Disco.featureNames().toArray(String[]::new);
        IqHandler pubsub = new PepHandlers.PubSubRequests(engine);
        for (String ns : List.of(Ns.PUBSUB, Ns.OWNER)) {
            for (String type : List.of("get", "set")) {
                registrations.add(context.registerService(IqHandler.class, pubsub,
                        iq(type, ns, "pubsub", 0, Ns.PUBSUB.equals(ns) ? pepFeatures : null)));
            }
        }
        registrations.add(context.registerService(IqHandler.class, new PepHandlers.AccountDisco(engine, true,
                features::features, accounts::exists), iq("get", Namespaces.DISCO_INFO, "query", 10, null)));
        registrations.add(context.registerService(IqHandler.class, new PepHandlers.AccountDisco(engine, false,
                features::features, accounts::exists), iq("get", Namespaces.DISCO_ITEMS, "query", 10, null)));
        for (String type : List.of("get", "set")) {
            Dictionary<String, Object> props = iq(type, Namespaces.PRIVATE, "query", 10, null);
            if ("get".equals(type)) {
                props.put(IqHandler.FEATURE, new String[] {Bookmarks.COMPAT, Bookmarks.COMPAT_PEP});
            }
            registrations.add(context.registerService(IqHandler.class,
                    new BookmarkPrivate(engine, next(context, type)), props));
        }
        Hashtable<String, Object> presence = new Hashtable<>();
        presence.put(StanzaHandler.KIND, "presence");
        presence.put(IqHandler.TARGET, IqHandler.TARGET_ACCOUNT);
        presence.put(Constants.SERVICE_RANKING, 100);
        registrations.add(context.registerService(StanzaHandler.class, new PepHandlers.PresenceWatch(engine),
                presence));
        registrations.add(context.registerService(SessionListener.class, new PepHandlers.SessionWatch(engine),
                new Hashtable<>()));
        LOG.info("Publish-subscribe service at {}, PEP on accounts ({} store)", domain,
                store == null ? "in-memory" : "persistent");
    }

    /**
     * The private storage handler {@link BookmarkPrivate} stands in front of: the highest-ranked
     * {@code jabber:iq:private} handler of the same type registered by another bundle (the disco bundle's).
     */
    private Supplier<IqHandler> next(BundleContext context, String type) {
        String filter = String.format("(&(%s=%s)(%s=%s)(%s=%s)(%s=%s)(%s=%s))", Constants.OBJECTCLASS,
                IqHandler.class.getName(), IqHandler.TYPE, type, IqHandler.NAMESPACE, Namespaces.PRIVATE,
                IqHandler.ELEMENT, "query", IqHandler.TARGET, IqHandler.TARGET_ACCOUNT);
        ServiceTracker<IqHandler, IqHandler> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open();
        trackers.add(tracker);
        long own = context.getBundle().getBundleId();
        return () -> {
            ServiceReference<IqHandler>[] refs = tracker.getServiceReferences();
            if (refs == null) {
                return null;
            }
            return Arrays.stream(refs).filter(r -> r.getBundle() != null && r.getBundle().getBundleId() != own)
                    .max(Comparator.naturalOrder()).map(tracker::getService).orElse(null);
        };
    }

    private static Dictionary<String, Object> iq(String type, String ns, String element, int ranking,
            String[] discoFeatures) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(IqHandler.TYPE, type);
        props.put(IqHandler.NAMESPACE, ns);
        props.put(IqHandler.ELEMENT, element);
        props.put(Constants.SERVICE_RANKING, ranking);
        if (discoFeatures != null && "get".equals(type)) {
            // also published for the server: clients look for PEP on the server's disco#info (Smack's OMEMO
            // check); a <pubsub/> request to the server domain itself is answered service-unavailable
            props.put(IqHandler.TARGET, new String[] {IqHandler.TARGET_ACCOUNT, IqHandler.TARGET_SERVER});
            props.put(IqHandler.FEATURE, discoFeatures);
        } else {
            props.put(IqHandler.TARGET, IqHandler.TARGET_ACCOUNT);
        }
        return props;
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        trackers.forEach(ServiceTracker::close);
        trackers.clear();
        int loaded = engine.hosts.loaded().size();
        engine = null;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(3, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("Publish-subscribe service stopped ({} service(s) were loaded; their nodes stay in the store)",
                loaded);
    }
}
