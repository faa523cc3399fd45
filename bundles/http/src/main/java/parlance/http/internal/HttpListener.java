package parlance.http.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.server.ListenerInfo;
import parlance.api.server.ServerInfo;
import parlance.api.server.StartupTask;

/**
 * Applies {@code parlance.http} (port; the bind address of {@code parlance.server}) to Felix HTTP's own
 * configuration, PID {@code org.apache.felix.http}, so that the one typed Parlance configuration drives Jetty. Jetty
 * starts asynchronously: until its {@link HttpServiceRuntime} announces the endpoint, a {@link StartupTask} holds
 * the ready line back; then an {@code http} {@link ListenerInfo} is registered.
 */
@Component(immediate = true, configurationPid = HttpListener.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpConfig.class)
public final class HttpListener {
    static final String PID = "parlance.http";
    static final String FELIX_HTTP_PID = "org.apache.felix.http";
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    private final BundleContext context;
    private final int port;
    private final String host;
    private ServiceRegistration<StartupTask> pending;
    private ServiceRegistration<ListenerInfo> listener;

    @Activate
    public HttpListener(BundleContext context, HttpConfig config, @Reference ServerInfo server,
            @Reference ConfigurationAdmin cm) throws IOException {
        this.context = context;
        this.port = config.port();
        this.host = server.bindAddress().isEmpty() ? "*" : server.bindAddress();
        if (port > 0) {
            pending = context.registerService(StartupTask.class, () -> "HTTP listener on port " + port, null);
        }
        Configuration felix = cm.getConfiguration(FELIX_HTTP_PID, "?");
        Hashtable<String, Object> wanted = new Hashtable<>();
        wanted.put("org.apache.felix.http.enable", port > 0);
        wanted.put("org.osgi.service.http.port", port > 0 ? port : 5280);
        if (!server.bindAddress().isEmpty()) {
            wanted.put("org.apache.felix.http.host", server.bindAddress()); // else Jetty binds every interface
        }
        wanted.put("org.apache.felix.https.enable", false);
        wanted.put("org.apache.felix.http.name", "parlance");
        if (!same(felix.getProperties(), wanted)) {
            felix.update(wanted);
        }
    }

    private static boolean same(Dictionary<String, Object> current, Hashtable<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        for (String key : wanted.keySet()) {
            if (!String.valueOf(wanted.get(key)).equals(String.valueOf(current.get(key)))) {
                return false;
            }
        }
        return wanted.containsKey("org.apache.felix.http.host") == (current.get("org.apache.felix.http.host") != null);
    }

    /** Felix HTTP registers (and updates) the runtime with its endpoints once Jetty listens. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = HttpServiceRuntime.class, unbind = "unbindRuntime", updated = "updatedRuntime")
    synchronized void runtime(ServiceReference<HttpServiceRuntime> ref) {
        endpointUp(ref);
    }

    synchronized void updatedRuntime(ServiceReference<HttpServiceRuntime> ref) {
        endpointUp(ref);
    }

    synchronized void unbindRuntime(ServiceReference<HttpServiceRuntime> ref) {
        if (listener != null) {
            listener.unregister();
            listener = null;
        }
    }

    private void endpointUp(ServiceReference<HttpServiceRuntime> ref) {
        int bound = -1;
        for (String endpoint : endpoints(ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT))) {
            try {
                URI uri = URI.create(endpoint);
                if ("http".equals(uri.getScheme()) && uri.getPort() == port) {
                    bound = uri.getPort();
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("Ignoring endpoint {}", endpoint);
            }
        }
        if (bound < 0 || listener != null) {
            return;
        }
        int p = bound;
        listener = context.registerService(ListenerInfo.class, new ListenerInfo() {
            @Override
            public String name() {
                return "http";
            }

            @Override
            public int port() {
                return p;
            }

            @Override
            public String host() {
                return host;
            }
        }, null);
        if (pending != null) {
            pending.unregister();
            pending = null;
        }
    }

    private static String[] endpoints(Object property) {
        if (property instanceof String[]) {
            return (String[]) property;
        }
        if (property instanceof String) {
            return new String[] {(String) property};
        }
        if (property instanceof java.util.Collection) {
            return ((java.util.Collection<?>) property).stream().map(String::valueOf).toArray(String[]::new);
        }
        return new String[0];
    }

    @Deactivate
    synchronized void deactivate() {
        if (pending != null) {
            pending.unregister();
            pending = null;
        }
        if (listener != null) {
            listener.unregister();
            listener = null;
        }
    }
}
