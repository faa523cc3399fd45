package parlance.filetransfer.internal;

import java.net.InetSocketAddress;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.router.HostedService;
import parlance.api.server.ListenerInfo;
import parlance.api.server.ServerInfo;

/**
 * The SOCKS5 bytestreams proxy (XEP-0065 1.8.2 §6.3): binds its TCP port on the server's bind address, registers
 * the listener as a {@link ListenerInfo} ({@code socks5-proxy}) and a {@link HostedService} for
 * {@code proxy.<domain>} (unless configured), so that disco#items of the server lists it. A configuration change
 * restarts it (DS deactivates and activates); deactivation unregisters both and closes every transfer. Port 0
 * disables the proxy: nothing is registered; so does a port that cannot be bound (one warning).
 */
@Component(service = {}, immediate = true, configurationPid = ProxyConfig.PID)
@Designate(ocd = ProxyConfig.class)
public class ProxyService {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyService.class);

    private final ServerInfo server;
    private final AddressPreparer preparer;
    private ProxyServer proxy;
    private ServiceRegistration<HostedService> service;
    private ServiceRegistration<ListenerInfo> listener;

    @Activate
    public ProxyService(@Reference ServerInfo server, @Reference AddressPreparer preparer) {
        this.server = server;
        this.preparer = preparer;
    }

    @Activate
    void activate(BundleContext context, ProxyConfig config) throws JidFormatException {
        if (config.port() <= 0) {
            LOG.info("SOCKS5 bytestreams proxy disabled (port 0)");
            return;
        }
        String domain = config.domain().isBlank() ? "proxy." + server.domain()
                : preparer.prepareDomain(config.domain().trim());
        proxy = new ProxyServer(new Transfers(Math.max(2, config.max_connections())),
                config.transfer_bytes_per_second(), config.total_bytes_per_second(),
                Math.max(1, config.idle_timeout_seconds()));
        InetSocketAddress bound;
        try {
            bound = proxy.listen(server.bindAddress(), config.port());
        } catch (Exception e) {
            // a taken port must not fail the bundle (nor flood the log with SCR errors): no proxy, one warning
            LOG.warn("SOCKS5 bytestreams proxy not started: cannot bind port {}: {}", config.port(), e.toString());
            proxy.close();
            proxy = null;
            return;
        }
        String host = advertisedHost(config.host(), server.bindAddress());
        ProxyDispatcher dispatcher = new ProxyDispatcher(Jid.ofPrepared(null, domain, null), config.name(), host,
                bound.getPort(), proxy.transfers(), Relay::new);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HostedService.DOMAIN, domain);
        service = context.registerService(HostedService.class, dispatcher, props);
        Hashtable<String, Object> lprops = new Hashtable<>();
        lprops.put("parlance.listener.name", "socks5-proxy");
        String boundHost = bound.getAddress().isAnyLocalAddress() ? "*" : bound.getAddress().getHostAddress();
        listener = context.registerService(ListenerInfo.class, new Listener("socks5-proxy", bound.getPort(),
                boundHost), lprops);
        LOG.info("SOCKS5 bytestreams proxy {} on {}:{} (advertised as {})", domain, boundHost, bound.getPort(), host);
    }

    /** The configured host, else the bind address, else (bound to every interface) 127.0.0.1. */
    static String advertisedHost(String configured, String bindAddress) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (bindAddress == null || bindAddress.isBlank() || "0.0.0.0".equals(bindAddress)
                || "::".equals(bindAddress)) {
            return "127.0.0.1";
        }
        return bindAddress.trim();
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : new ServiceRegistration<?>[] {service, listener}) {
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
            }
        }
        service = null;
        listener = null;
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }

    /** A {@link ListenerInfo} value. */
    record Listener(String name, int port, String host) implements ListenerInfo {
    }
}
