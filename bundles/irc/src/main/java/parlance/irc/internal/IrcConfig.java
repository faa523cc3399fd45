package parlance.irc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the IRC gateway (PID {@code parlance.irc}); a change restarts the gateway, which closes every
 * IRC connection (users reconnect with their next presence). System properties {@code parlance.irc.<key>} override
 * the file {@code <home>/etc/parlance.irc.cfg}, e.g. {@code -Dparlance.irc.host=irc.example.org}.
 */
@ObjectClassDefinition(id = IrcConfig.PID, name = "Parlance IRC gateway",
        description = "Gateway to one IRC network (XEP-0100): channels as rooms, nicknames as contacts")
public @interface IrcConfig {
    String PID = "parlance.irc";

    @AttributeDefinition(name = "Domain", required = false,
            description = "Domain of the gateway; empty for irc.<server domain>")
    String domain() default "";

    @AttributeDefinition(name = "Service name", description = "Name of the gateway in service discovery")
    String name() default "IRC gateway";

    @AttributeDefinition(name = "IRC server", required = false, description = "Host name or address of the IRC "
            + "server; empty (the default) keeps the gateway off, out of service discovery, until one is set")
    String host() default "";

    @AttributeDefinition(name = "IRC port", min = "1", max = "65535",
            description = "TCP port of the IRC server (plain text, RFC 1459/2812)")
    int port() default 6667;

    @AttributeDefinition(name = "Connect timeout (seconds)", min = "1",
            description = "How long connecting and registering a nickname may take before the stanzas waiting "
                    + "for it are answered remote-server-timeout")
    int connect_timeout_seconds() default 15;

    @AttributeDefinition(name = "Connections", min = "1",
            description = "IRC connections the gateway holds at most (one per online user); the stanza that would "
                    + "open one more is answered resource-constraint")
    int max_connections() default 500;

    @AttributeDefinition(name = "Presence poll (seconds)", min = "0",
            description = "How often each connection asks IRC who is away in its channels (WHO, unless the server "
                    + "offers away-notify) and which contacts are online (ISON); 0 turns polling off (the WHO on "
                    + "entering a channel and the ISON for a new or probed contact still happen)")
    int away_poll_seconds() default 60;
}
