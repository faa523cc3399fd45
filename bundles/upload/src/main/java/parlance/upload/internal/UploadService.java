package parlance.upload.internal;

import jakarta.servlet.Servlet;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.JidFormatException;
import parlance.api.router.HostedService;
import parlance.api.server.ListenerInfo;
import parlance.api.server.ServerInfo;

/**
 * HTTP file upload (XEP-0363 0.3): registers the {@link HostedService} at {@code upload.<domain>} (unless
 * configured) and the servlet at {@code /upload/*} on the HTTP whiteboard through the bundle context, since both
 * depend on {@link ServerInfo} and the configuration; counts the stored files on a background thread at start and
 * cleans up expired ones periodically. The URLs use the HTTPS port while its {@link ListenerInfo} is up.
 */
@Component(service = {}, immediate = true, configurationPid = UploadConfig.PID)
@Designate(ocd = UploadConfig.class)
public class UploadService {
    static final String SERVLET_PATTERN = "osgi.http.whiteboard.servlet.pattern";
    static final String SERVLET_NAME = "osgi.http.whiteboard.servlet.name";
    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);

    private final ServerInfo server;
    private final AddressPreparer preparer;
    private final Map<String, Integer> listeners = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;
    private ServiceRegistration<HostedService> service;
    private ServiceRegistration<Servlet> servlet;

    @Activate
    public UploadService(@Reference ServerInfo server, @Reference AddressPreparer preparer) {
        this.server = server;
        this.preparer = preparer;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindListener(ListenerInfo listener) {
        listeners.put(listener.name(), listener.port());
    }

    void unbindListener(ListenerInfo listener) {
        listeners.remove(listener.name(), listener.port());
    }

    @Activate
    void activate(BundleContext context, UploadConfig config) throws JidFormatException {
        String domain = config.domain().isBlank() ? "upload." + server.domain()
                : preparer.prepareDomain(config.domain().trim());
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parlance-upload");
            t.setDaemon(true);
            return t;
        });
        LongSupplier clock = System::currentTimeMillis;
        Uploads uploads = new Uploads(Limits.of(config), new SecureRandom());
        UploadStore store = new UploadStore(server.home().resolve("upload"));
        Cleanup cleanup = new Cleanup(uploads, store, clock);
        CompletableFuture<Integer> loaded = CompletableFuture.supplyAsync(cleanup::load, executor);
        loaded.thenAccept(n -> LOG.info("HTTP file upload at {}: {} stored file(s) in {}", domain, n, store.root()));
        long every = config.cleanup_seconds();
        executor.scheduleWithFixedDelay(cleanup, every, every, TimeUnit.SECONDS);
        Urls urls = new Urls(config.external_url(), server.domain(), () -> listeners.getOrDefault("https", 0),
                () -> listeners.getOrDefault("http", 0));

        Hashtable<String, Object> props = new Hashtable<>();
        props.put(SERVLET_PATTERN, Urls.PATH + "/*");
        props.put(SERVLET_NAME, "parlance-upload");
        servlet = context.registerService(Servlet.class, new UploadServlet(new Transfers(uploads, store, clock)),
                props);
        Hashtable<String, Object> hosted = new Hashtable<>();
        hosted.put(HostedService.DOMAIN, domain);
        service = context.registerService(HostedService.class,
                new SlotIq(server.domain(), config.name(), uploads, urls, loaded, clock), hosted);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : new ServiceRegistration<?>[] {service, servlet}) {
            try {
                if (r != null) {
                    r.unregister();
                }
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        service = null;
        servlet = null;
        executor.shutdownNow();
    }
}
