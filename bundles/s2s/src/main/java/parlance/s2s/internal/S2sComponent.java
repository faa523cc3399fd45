package parlance.s2s.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
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
import parlance.api.router.RemoteDomains;
import parlance.api.router.Router;
import parlance.api.server.ListenerInfo;
import parlance.api.server.ServerInfo;

/**
 * Server-to-server federation (RFC 6120; XEP-0220 Server Dialback; XEP-0178 SASL EXTERNAL; XEP-0288 bidi;
 * XEP-0368 direct TLS): binds {@code parlance.s2s.port} and {@code parlance.s2s.tls.port} (skipped with a warning
 * when it cannot be bound) on {@link ServerInfo#bindAddress()}, registers the {@link ListenerInfo} {@code s2s}
 * ({@code s2s-tls})
 * and the {@link RemoteDomains} service the router hands stanzas for remote domains to. Port 0 disables both.
 * A configuration change restarts it (DS: no {@code @Modified}).
 */
@Component(name = S2sConfig.PID, configurationPid = S2sConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = S2sConfig.class)
public class S2sComponent {
    private static final Logger LOG = LoggerFactory.getLogger(S2sComponent.class);

    @Reference
    private ServerInfo serverInfo;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Router router;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AddressPreparer addressPreparer;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private S2sServer server;

    @Activate
    void activate(BundleContext bc, S2sConfig config) throws Exception {
        if (config.port() <= 0) {
            LOG.info("Federation (s2s) is disabled (port 0)");
            return;
        }
        String domain = serverInfo.domain();
        javax.net.ssl.X509TrustManager trust = config.trust_file().isBlank() ? null
                : S2sTls.anchors(serverInfo.home().resolve("etc").resolve(config.trust_file().trim()));
        S2sTls tls = new S2sTls(serverInfo.home().resolve("etc").resolve("tls"), domain,
                config.tls_keystore_password(), trust);
        server = new S2sServer(domain, config, tls, () -> router, () -> addressPreparer);
        try {
            InetSocketAddress bound = server.listen(serverInfo.bindAddress(), config.port());
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("parlance.listener.name", "s2s");
            props.put("parlance.listener.port", bound.getPort());
            String host = bound.getAddress().isAnyLocalAddress() ? "*" : bound.getAddress().getHostAddress();
            registrations.add(bc.registerService(ListenerInfo.class, new Listener("s2s", bound.getPort(), host),
                    props));
            if (config.tls_port() > 0) {
                listenTls(bc, config.tls_port());
            }
            registrations.add(bc.registerService(RemoteDomains.class, server.outbound(), null));
        } catch (Exception e) {
            LOG.error("Cannot open the s2s listener: {}", e.toString());
            deactivate();
            throw e;
        }
    }

    /**
     * The XEP-0368 direct-TLS listener; a port that cannot be bound is logged and skipped (federation still works
     * over the STARTTLS listener).
     */
    private void listenTls(BundleContext bc, int port) {
        try {
            InetSocketAddress bound = server.listenTls(serverInfo.bindAddress(), port);
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("parlance.listener.name", "s2s-tls");
            props.put("parlance.listener.port", bound.getPort());
            String host = bound.getAddress().isAnyLocalAddress() ? "*" : bound.getAddress().getHostAddress();
            registrations.add(bc.registerService(ListenerInfo.class, new Listener("s2s-tls", bound.getPort(), host),
                    props));
        } catch (Exception e) {
            LOG.warn("Cannot open the s2s direct-TLS listener on port {} (XEP-0368 disabled): {}", port, e.toString());
        }
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
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** A {@link ListenerInfo} value. */
    record Listener(String name, int port, String host) implements ListenerInfo {
    }
}
