package parlance.muc.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.server.ServerInfo;
import parlance.api.session.SessionManager;
import parlance.api.storage.ArchiveStore;
import parlance.api.storage.RoomStore;

/**
 * The multi-user chat service (XEP-0045 1.34): registers a {@link HostedService} for its domain
 * ({@code conference.<domain>} unless configured) through the bundle context, since the domain depends on
 * {@link ServerInfo}; loads persistent rooms from the {@link RoomStore}; applies configuration changes live
 * ({@link #modified}); on deactivation tells every occupant it left (status 332) and stops its threads. The stores are optional and dynamic: without a room store rooms are not
 * persisted, without an archive store no room keeps an archive.
 */
@Component(service = {}, immediate = true, configurationPid = MucConfig.PID)
@Designate(ocd = MucConfig.class)
public class MucService {
    private static final Logger LOG = LoggerFactory.getLogger(MucService.class);

    private final ServerInfo server;
    private final SessionManager sessions;
    private final Router router;
    private final AddressPreparer preparer;
    private volatile RoomStore roomStore;
    private volatile ArchiveStore archiveStore;
    private BundleContext context;
    private String domain;
    private Muc muc;
    private ThreadPoolExecutor executor;
    private Rooms rooms;
    private RoomHandler handler;
    private ServiceRegistration<HostedService> registration;
    private volatile boolean active;

    @Activate
    public MucService(@Reference ServerInfo server, @Reference SessionManager sessions, @Reference Router router,
            @Reference AddressPreparer preparer) {
        this.server = server;
        this.sessions = sessions;
        this.router = router;
        this.preparer = preparer;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRoomStore(RoomStore store) {
        roomStore = store;
        if (active) {
            load();
        }
    }

    void unbindRoomStore(RoomStore store) {
        if (roomStore == store) {
            roomStore = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindArchiveStore(ArchiveStore store) {
        archiveStore = store;
    }

    void unbindArchiveStore(ArchiveStore store) {
        if (archiveStore == store) {
            archiveStore = null;
        }
    }

    @Activate
    void activate(BundleContext context, MucConfig config) throws JidFormatException {
        this.context = context;
        start(config, domainOf(config));
    }

    /**
     * A changed configuration applies live: rooms, occupants and their sessions stay, and every limit and default
     * (name, occupants per room, rooms per user, message rate and burst, history sizes, archive and persistence
     * defaults, archive page, threads) holds from the next stanza on. Only a new service domain stops the service
     * (occupants are told with status 332, XEP-0045 §15.6) and starts it again at the new address.
     */
    @Modified
    void modified(MucConfig config) throws JidFormatException {
        String domain = domainOf(config);
        if (!domain.equals(this.domain)) {
            LOG.info("Multi-user chat service moves from {} to {}: restarting it", this.domain, domain);
            stop();
            start(config, domain);
            return;
        }
        muc.settings(Settings.of(config));
        resize(Math.max(1, config.threads()));
        LOG.info("Multi-user chat configuration applied to the running service at {}", domain);
    }

    private String domainOf(MucConfig config) throws JidFormatException {
        return config.domain().isBlank() ? "conference." + server.domain()
                : preparer.prepareDomain(config.domain().trim());
    }

    private void start(MucConfig config, String domain) {
        this.domain = domain;
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(1, config.threads());
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(100_000),
                r -> {
                    Thread t = new Thread(r, "parlance-muc-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        muc = new Muc(Jid.ofPrepared(null, domain, null), Settings.of(config),
                new Fanout(sessions, () -> router), preparer, () -> roomStore, () -> archiveStore,
                System::currentTimeMillis);
        rooms = new Rooms(executor);
        handler = new RoomHandler(muc, rooms);
        active = true;
        load();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HostedService.DOMAIN, domain);
        registration = context.registerService(HostedService.class, new MucDispatcher(muc, rooms, handler), props);
        LOG.info("Multi-user chat service at {}", domain);
    }

    /** Changes the number of room threads in place; queued room work keeps its order (one queue per room). */
    private void resize(int threads) {
        if (threads > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(threads);
            executor.setCorePoolSize(threads);
        } else if (threads < executor.getMaximumPoolSize()) {
            executor.setCorePoolSize(threads);
            executor.setMaximumPoolSize(threads);
        }
    }

    private void load() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        rooms.loading(done);
        handler.storage().loadAll().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS)
                .whenComplete((list, e) -> {
                    if (e != null) {
                        LOG.warn("Could not load the persistent rooms: {}", e.toString());
                    } else {
                        list.forEach(rooms::install);
                        LOG.info("Loaded {} persistent room(s)", list.size());
                    }
                    done.complete(null);
                });
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    private void stop() {
        active = false;
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
        List<CompletableFuture<Void>> told = new ArrayList<>();
        for (Rooms.Slot slot : rooms.all()) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            told.add(f);
            rooms.submit(slot.name, s -> {
                if (s.room != null) {
                    handler.shutdown(s.room);
                }
                f.complete(null);
            });
        }
        try {
            CompletableFuture.allOf(told.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Not every occupant was told of the shutdown: {}", e.toString());
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
