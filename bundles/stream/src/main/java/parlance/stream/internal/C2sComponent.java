package parlance.stream.internal;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.auth.SaslMechanism;
import parlance.api.router.Router;
import parlance.api.server.ListenerInfo;
import parlance.api.server.ServerInfo;
import parlance.api.session.SessionManager;
import parlance.disco.Registration;
import parlance.stream.spi.XmppStreams;
import parlance.stream.internal.tls.TlsManager;

/**
 * The c2s service (RFC 6120 over TCP, XEP-0368 direct TLS): binds the configured ports on
 * {@link ServerInfo#bindAddress()}, and registers a {@link ListenerInfo} ({@code c2s}, {@code c2s-tls}) per open
 * listener. SASL mechanisms are a whiteboard (highest {@code service.ranking} offered first); router, session
 * manager and address preparer are greedy dynamic references; the XEP-0077 {@link Registration} service is an
 * optional one. A configuration change restarts the listeners. The same stream layer is registered as the
 * {@link XmppStreams} service for element-framed transports (the WebSocket bundle).
 */
@Component(name = "parlance.c2s", configurationPid = "parlance.c2s", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = C2sConfig.class)
public class C2sComponent {
    private static final Logger LOG = LoggerFactory.getLogger(C2sComponent.class);
    /** Service property on {@link ListenerInfo} registrations: the listener name. */
    static final String LISTENER_NAME = "parlance.listener.name";

    @Reference
    private ServerInfo serverInfo;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Router router;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SessionManager sessionManager;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AddressPreparer addressPreparer;

    /** XEP-0077 §3.1 registration before authentication; optional: without it the feature is simply not offered. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Registration registration;

    private final ConcurrentSkipListMap<ServiceReference<SaslMechanism>, SaslMechanism> mechanisms =
            new ConcurrentSkipListMap<>(Comparator.reverseOrder());
    private final List<ServiceRegistration<ListenerInfo>> registrations = new ArrayList<>();
    private TlsManager tls;
    private C2sServer server;
    private ElementStreams elementStreams;
    private ServiceRegistration<XmppStreams> streamsRegistration;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMechanism(ServiceReference<SaslMechanism> ref, SaslMechanism mechanism) {
        mechanisms.put(ref, mechanism);
    }

    void removeMechanism(ServiceReference<SaslMechanism> ref, SaslMechanism mechanism) {
        mechanisms.remove(ref);
    }

    @Activate
    void activate(BundleContext bc, C2sConfig config) throws Exception {
        String domain = serverInfo.domain();
        Path tlsDir = serverInfo.home().resolve("etc").resolve("tls");
        tls = new TlsManager(tlsDir, domain, config.tls_keystore_password(), new SecureRandom());
        tls.start(config.tls_watch_millis());
        StreamSettings settings = new StreamSettings(config.max_stanza_size(), config.auth_attempts(),
                config.idle_timeout_seconds(), config.idle_ping_timeout_seconds(),
                config.hibernate_after_seconds() * 1000L);
        AuthThrottle throttle = new AuthThrottle(config.auth_failures_per_ip(), config.auth_failures_window_seconds(),
                System::nanoTime);
        RegistrationLimiter registrations = new RegistrationLimiter(config.registrations_per_ip_per_hour(), 3600,
                System::nanoTime);
        StreamServices services = new StreamServices(domain, settings, throttle, () -> router, () -> sessionManager,
                () -> addressPreparer, () -> new ArrayList<>(mechanisms.values()), tls, () -> registration,
                registrations, new AccountThrottle(config.auth_account_delay_millis(),
                        config.auth_failures_window_seconds(), System::nanoTime),
                new SmSettings(config.sm_resume_timeout_seconds(), config.sm_max_queue(), config.sm_ack_every(),
                        config.sm_ack_delay_millis(), config.csi_queue_limit()));
        server = new C2sServer(services, config.max_connections_per_ip(), config.backlog());
        elementStreams = new ElementStreams(services);
        try {
            String host = serverInfo.bindAddress();
            if (config.port() > 0) {
                register(bc, "c2s", server.listen(host, config.port(), false));
            }
            if (config.tls_port() > 0) {
                register(bc, "c2s-tls", server.listen(host, config.tls_port(), true));
            }
            // the same stream layer for element-framed transports (WebSocket, RFC 7395)
            streamsRegistration = bc.registerService(XmppStreams.class, elementStreams, null);
        } catch (Exception e) {
            LOG.error("Cannot open the c2s listeners: {}", e.toString());
            deactivate();
            throw e;
        }
    }

    private void register(BundleContext bc, String name, InetSocketAddress bound) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(LISTENER_NAME, name);
        props.put("parlance.listener.port", bound.getPort());
        String host = bound.getAddress().isAnyLocalAddress() ? "*" : bound.getAddress().getHostAddress();
        ListenerInfo info = new Listener(name, bound.getPort(), host);
        registrations.add(bc.registerService(ListenerInfo.class, info, props));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<ListenerInfo> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        if (streamsRegistration != null) {
            try {
                streamsRegistration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            streamsRegistration = null;
        }
        if (elementStreams != null) {
            elementStreams.close();
            elementStreams = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (tls != null) {
            tls.close();
            tls = null;
        }
    }

    /** A {@link ListenerInfo} value. */
    record Listener(String name, int port, String host) implements ListenerInfo {
    }
}
