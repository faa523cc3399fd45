package parlance.http.internal;

import parlance.tls.ServerIdentity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * Applies {@code parlance.http} (HTTP and HTTPS ports; the bind address of {@code parlance.server}) to Felix HTTP's
 * own configuration, PID {@code org.apache.felix.http}, so that the one typed Parlance configuration drives Jetty.
 * For HTTPS the server certificate of {@code <home>/etc/tls} (the one c2s TLS presents) is converted into a PKCS#12
 * keystore ({@link HttpsKeystore}); the folder is polled and a new certificate rewrites the keystore and updates the
 * Felix configuration, which makes Jetty restart its connectors with it. Jetty starts asynchronously: until its
 * {@link HttpServiceRuntime} announces an endpoint, a {@link StartupTask} holds the ready line back; then an
 * {@code http} (and {@code https}) {@link ListenerInfo} is registered.
 */
@Component(immediate = true, configurationPid = HttpListener.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpConfig.class)
public final class HttpListener {
    static final String PID = "parlance.http";
    static final String FELIX_HTTP_PID = "org.apache.felix.http";
    /** Our marker in the Felix configuration: the certificate in the keystore, so a new one changes the config. */
    static final String CERT_MARKER = "parlance.https.certificate";
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    private final BundleContext context;
    private final ServerInfo server;
    private final ConfigurationAdmin cm;
    private final int port;
    private final int tlsPort;
    private final String host;
    private final Path tlsDir;
    private final char[] p12Password;
    private final HttpsKeystore keystore;
    private final ScheduledExecutorService watcher;
    private final Map<String, ServiceRegistration<StartupTask>> pending = new HashMap<>();
    private final Map<String, ServiceRegistration<ListenerInfo>> listeners = new HashMap<>();
    private String certificate;

    @Activate
    public HttpListener(BundleContext context, HttpConfig config, @Reference ServerInfo server,
            @Reference ConfigurationAdmin cm) throws IOException {
        this.context = context;
        this.server = server;
        this.cm = cm;
        this.port = config.port();
        this.tlsPort = config.tls_port();
        this.host = server.bindAddress().isEmpty() ? "*" : server.bindAddress();
        this.tlsDir = server.home().resolve("etc").resolve("tls");
        this.p12Password = config.tls_keystore_password().toCharArray();
        this.keystore = new HttpsKeystore(server.home().resolve("data").resolve("http"), new SecureRandom());
        if (port > 0) {
            pending.put("http", context.registerService(StartupTask.class, () -> "HTTP listener on port " + port, null));
        }
        if (tlsPort > 0) {
            pending.put("https",
                    context.registerService(StartupTask.class, () -> "HTTPS listener on port " + tlsPort, null));
        }
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parlance-https-watch");
            t.setDaemon(true);
            return t;
        });
        synchronized (this) {
            refreshCertificate();
            if (tlsPort <= 0 || certificate != null) {
                apply();
            } else {
                // first start: the c2s listener is about to generate the certificate; start Jetty once, with
                // HTTPS, as soon as it is there, rather than HTTP alone now and again with HTTPS a moment later
                watcher.schedule(this::firstCertificate, FIRST_POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        long poll = config.tls_watch_millis();
        if (tlsPort > 0 && poll > 0) {
            watcher.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        }
    }

    private static final long FIRST_POLL_MILLIS = 50;
    private static final int FIRST_POLLS = 200;
    private int firstPolls;

    /** Polls quickly for the first certificate; after 10 s Jetty starts without HTTPS (and gets it later). */
    private synchronized void firstCertificate() {
        if (certificate != null) {
            return; // the regular poll found it and applied it
        }
        try {
            if (refreshCertificate() || ++firstPolls >= FIRST_POLLS) {
                apply();
            } else {
                watcher.schedule(this::firstCertificate, FIRST_POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot configure HTTP: {}", e.toString());
        }
    }

    private synchronized void poll() {
        try {
            if (refreshCertificate()) {
                apply();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot update the HTTPS configuration: {}", e.toString());
        }
    }

    /** Rewrites the keystore when the certificate in the TLS folder changed; true when it did. */
    private boolean refreshCertificate() {
        if (tlsPort <= 0) {
            return false;
        }
        try {
            ServerIdentity id = ServerIdentity.load(tlsDir, server.domain(), p12Password);
            if (id == null) {
                return false;
            }
            String fp = ServerIdentity.fingerprint(id.chain().get(0)) + "/" + java.util.Arrays.hashCode(id.key().getEncoded());
            if (fp.equals(certificate)) {
                return false;
            }
            keystore.write(id);
            boolean first = certificate == null;
            certificate = fp;
            LOG.info("HTTPS certificate {} from {}: {}", first ? "loaded" : "reloaded", id.source(),
                    id.chain().get(0).getSubjectX500Principal().getName());
            return true;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.debug("No usable HTTPS certificate in {} yet: {}", tlsDir, e.toString());
            return false;
        }
    }

    private void apply() throws IOException {
        Configuration felix = cm.getConfiguration(FELIX_HTTP_PID, "?");
        Hashtable<String, Object> wanted = new Hashtable<>();
        wanted.put("org.apache.felix.http.enable", port > 0);
        wanted.put("org.osgi.service.http.port", port > 0 ? port : 5280);
        if (!server.bindAddress().isEmpty()) {
            wanted.put("org.apache.felix.http.host", server.bindAddress()); // else Jetty binds every interface
        }
        boolean https = tlsPort > 0 && certificate != null;
        wanted.put("org.apache.felix.https.enable", https);
        if (https) {
            wanted.put("org.osgi.service.http.port.secure", tlsPort);
            wanted.put("org.apache.felix.https.keystore", keystore.file().toString());
            wanted.put("org.apache.felix.https.keystore.type", HttpsKeystore.TYPE);
            wanted.put("org.apache.felix.https.keystore.password", keystore.password());
            wanted.put("org.apache.felix.https.keystore.key.password", keystore.password());
            wanted.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2");
            wanted.put(CERT_MARKER, certificate);
        }
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
        endpointsUp(ref);
    }

    synchronized void updatedRuntime(ServiceReference<HttpServiceRuntime> ref) {
        endpointsUp(ref);
    }

    synchronized void unbindRuntime(ServiceReference<HttpServiceRuntime> ref) {
        listeners.values().forEach(ServiceRegistration::unregister);
        listeners.clear();
    }

    private void endpointsUp(ServiceReference<HttpServiceRuntime> ref) {
        for (String endpoint : endpoints(ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT))) {
            try {
                URI uri = URI.create(endpoint);
                if ("http".equals(uri.getScheme()) && uri.getPort() == port) {
                    up("http", port);
                } else if ("https".equals(uri.getScheme()) && uri.getPort() == tlsPort) {
                    up("https", tlsPort);
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("Ignoring endpoint {}", endpoint);
            }
        }
    }

    private void up(String name, int bound) {
        if (listeners.containsKey(name)) {
            return;
        }
        listeners.put(name, context.registerService(ListenerInfo.class, new ListenerInfo() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int port() {
                return bound;
            }

            @Override
            public String host() {
                return host;
            }
        }, null));
        ServiceRegistration<StartupTask> task = pending.remove(name);
        if (task != null) {
            task.unregister();
        }
    }

    private static String[] endpoints(Object property) {
        if (property instanceof String[]) {
            return (String[]) property;
        }
        if (property instanceof String) {
            return new String[] {(String) property};
        }
        if (property instanceof Collection) {
            return ((Collection<?>) property).stream().map(String::valueOf).toArray(String[]::new);
        }
        return new String[0];
    }

    @Deactivate
    synchronized void deactivate() {
        watcher.shutdownNow();
        pending.values().forEach(ServiceRegistration::unregister);
        pending.clear();
        listeners.values().forEach(ServiceRegistration::unregister);
        listeners.clear();
    }
}
