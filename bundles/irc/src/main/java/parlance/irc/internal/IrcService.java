package parlance.irc.internal;

import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
import parlance.api.storage.PrivateStore;

/**
 * The IRC gateway (XEP-0100) as a DS component: on activation it registers a {@link HostedService} for its domain
 * ({@code irc.<domain>} unless configured) through the bundle context, since the domain depends on
 * {@link ServerInfo}; the disco bundle lists that domain among the server's items (XEP-0030 §4.2), and the gateway
 * answers disco#info itself. On deactivation (a configuration change, or the jar leaving {@code deploy/}) it
 * unregisters the service, QUITs every IRC connection, tells occupants they left their rooms (status 332) and
 * stops its event loops. The {@link PrivateStore} is optional and dynamic: without it registrations live in
 * memory.
 */
@Component(service = {}, immediate = true, configurationPid = IrcConfig.PID)
@Designate(ocd = IrcConfig.class)
public class IrcService {
    private static final Logger LOG = LoggerFactory.getLogger(IrcService.class);

    private final ServerInfo server;
    private final Router router;
    private final AddressPreparer preparer;
    private volatile PrivateStore store;
    private IrcConnector connector;
    private IrcSessions sessions;
    private ServiceRegistration<HostedService> registration;

    @Activate
    public IrcService(@Reference ServerInfo server, @Reference Router router, @Reference AddressPreparer preparer) {
        this.server = server;
        this.router = router;
        this.preparer = preparer;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(PrivateStore s) {
        store = s;
    }

    void unbindStore(PrivateStore s) {
        if (store == s) {
            store = null;
        }
    }

    @Activate
    void activate(BundleContext context, IrcConfig config) throws JidFormatException {
        if (config.host().isBlank()) {
            // seeded into every home: a gateway to no network would only confuse clients' service discovery
            LOG.info("IRC gateway off: set host in {} (or -D{}.host) to connect it to an IRC server",
                    IrcConfig.PID, IrcConfig.PID);
            return;
        }
        String domain = config.domain().isBlank() ? "irc." + server.domain()
                : preparer.prepareDomain(config.domain().trim());
        Addresses addresses = new Addresses(Jid.ofPrepared(null, domain, null), preparer);
        connector = new IrcConnector(config.host().trim(), config.port(),
                Math.max(1, config.connect_timeout_seconds()) * 1000);
        sessions = new IrcSessions(addresses, router, connector, Math.max(1, config.max_connections()),
                Math.max(0, config.away_poll_seconds()));
        Registrations registrations = new Registrations(() -> store, server.domain(), domain);
        RegisterIq register = new RegisterIq(registrations, sessions, addresses, router);
        GatewayIq iq = new GatewayIq(addresses, config.name(), register, router);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HostedService.DOMAIN, domain);
        registration = context.registerService(HostedService.class,
                new Gateway(iq, registrations, sessions, addresses, router), props);
        LOG.info("IRC gateway {} to {}:{}", domain, config.host(), config.port());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
        if (sessions != null) {
            sessions.closeAll(Out.SHUTDOWN, "Gateway shutting down");
            connector.close();
            sessions = null;
        }
    }
}
