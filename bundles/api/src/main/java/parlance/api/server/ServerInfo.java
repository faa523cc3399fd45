package parlance.api.server;

import java.nio.file.Path;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/** The server-wide settings every component may need: the served domain, the home folder, the start time. */
@ProviderType
public interface ServerInfo {
    /** Configuration PID of the server-wide settings ({@code parlance.domain}, {@code parlance.bind}, ...). */
    String PID = "parlance.server";

    /** The XMPP domain served (prepared), e.g. {@code localhost}. */
    String domain();

    /** The address every listener binds; empty for all interfaces. */
    String bindAddress();

    /** The home folder ({@code parlance.home}): etc/, data/, deploy/, logs/. */
    Path home();

    Instant startedAt();

    /** True for an account with the admin role (the configured {@code admins}, by default {@code admin@<domain>}). */
    boolean isAdmin(parlance.api.address.Jid bareJid);
}
