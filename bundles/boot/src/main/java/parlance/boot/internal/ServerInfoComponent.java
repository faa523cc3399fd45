package parlance.boot.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import parlance.api.address.Jid;
import parlance.api.server.ServerInfo;

/** The server-wide settings of PID {@code parlance.server} (system properties {@code parlance.domain} etc.). */
@Component(service = ServerInfo.class, configurationPid = ServerInfo.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ServerInfoComponent.Config.class)
public final class ServerInfoComponent implements ServerInfo {

    @ObjectClassDefinition(id = ServerInfo.PID, name = "Server",
            description = "Server-wide settings: the served domain, the listen address, the admins.")
    public @interface Config {
        @AttributeDefinition(description = "The XMPP domain this server serves (system property parlance.domain)")
        String domain() default "localhost";

        @AttributeDefinition(description = "Address every listener binds; empty for all interfaces "
                + "(system property parlance.bind)")
        String bind() default "";

        @AttributeDefinition(description = "Comma-separated bare JIDs with the admin role; empty means admin@<domain>")
        String admins() default "";

        @AttributeDefinition(description = "In-band registration (XEP-0077): open or closed "
                + "(system property parlance.registration)")
        String registration() default "closed";
    }

    private final Instant startedAt = Instant.now();
    private volatile String domain;
    private volatile String bind;
    private volatile Set<String> admins;
    private volatile Path home;

    @Activate
    @Modified
    void configure(Config config, BundleContext context) {
        String h = context.getProperty("parlance.home");
        home = Paths.get(h == null || h.isBlank() ? "parlance-home" : h).toAbsolutePath().normalize();
        domain = config.domain().trim().toLowerCase(Locale.ROOT);
        bind = config.bind().trim();
        String list = config.admins().isBlank() ? "admin@" + domain : config.admins();
        admins = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public String bindAddress() {
        return bind;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public boolean isAdmin(Jid bareJid) {
        return bareJid != null && admins.contains(bareJid.bare().toString());
    }
}
