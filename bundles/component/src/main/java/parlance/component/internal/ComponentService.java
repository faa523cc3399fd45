package parlance.component.internal;

import java.net.InetSocketAddress;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.JidFormatException;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.server.ListenerInfo;
import parlance.api.server.ServerInfo;

/**
 * External components (XEP-0114 1.6, {@code jabber:component:accept}): listens on the configured port (PID
 * {@code parlance.component}, system property {@code parlance.component.port}) at {@link ServerInfo#bindAddress()},
 * registers the {@code component} {@link ListenerInfo}, and publishes each connected component's domain as a
 * {@link HostedService} service (so the router hands it the domain's stanzas and disco lists it). A configuration
 * change restarts the listener (and the connected components reconnect).
 */
@Component(name = "parlance.component", configurationPid = "parlance.component",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ComponentConfig.class)
public class ComponentService {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentService.class);

    @Reference
    private ServerInfo serverInfo;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Router router;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AddressPreparer addressPreparer;

    private ExecutorService serial;
    private ComponentServer server;
    private ServiceRegistration<ListenerInfo> listenerRegistration;

    @Activate
    void activate(BundleContext bc, ComponentConfig config) throws Exception {
        AddressPreparer preparer = addressPreparer;
        Secrets secrets = Secrets.parse(config.components(), domain -> {
            try {
                return preparer.prepareDomain(domain);
            } catch (JidFormatException e) {
                throw new IllegalArgumentException("bad component domain " + domain, e);
            }
        });
        if (config.port() <= 0) {
            LOG.info("External component listener disabled (port 0)");
            return;
        }
        serial = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parlance-component-registry");
            t.setDaemon(true);
            return t;
        });
        Publisher publisher = (domain, service) -> {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(HostedService.DOMAIN, domain);
            ServiceRegistration<HostedService> r = bc.registerService(HostedService.class, service, props);
            return r::unregister;
        };
        ComponentContext context = new ComponentContext(secrets, new ConnectedComponents(publisher, serial),
                config.max_stanza_size(), () -> router, () -> addressPreparer);
        server = new ComponentServer(context, config.backlog());
        try {
            InetSocketAddress bound = server.listen(serverInfo.bindAddress(), config.port());
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("parlance.listener.name", "component");
            props.put("parlance.listener.port", bound.getPort());
            String host = bound.getAddress().isAnyLocalAddress() ? "*" : bound.getAddress().getHostAddress();
            listenerRegistration = bc.registerService(ListenerInfo.class,
                    new Listener("component", bound.getPort(), host), props);
            LOG.info("{} external component(s) configured", secrets.size());
        } catch (Exception e) {
            LOG.error("Cannot open the component listener: {}", e.toString());
            deactivate();
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        if (listenerRegistration != null) {
            try {
                listenerRegistration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            listenerRegistration = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (serial != null) {
            serial.shutdown(); // queued withdrawals still run
            try {
                serial.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            serial = null;
        }
    }

    /** A {@link ListenerInfo} value. */
    record Listener(String name, int port, String host) implements ListenerInfo {
    }
}
