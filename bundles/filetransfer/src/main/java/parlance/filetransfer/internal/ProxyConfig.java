package parlance.filetransfer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the SOCKS5 bytestreams proxy (PID {@code parlance.filetransfer}); a change restarts it. */
@ObjectClassDefinition(id = ProxyConfig.PID, name = "Parlance file transfer proxy",
        description = "SOCKS5 bytestreams proxy (XEP-0065) for file transfer between clients")
public @interface ProxyConfig {
    String PID = "parlance.filetransfer";

    @AttributeDefinition(name = "Domain", required = false,
            description = "Domain of the proxy; empty for proxy.<server domain>")
    String domain() default "";

    @AttributeDefinition(name = "Service name", description = "Name of the proxy in service discovery")
    String name() default "SOCKS5 Bytestreams";

    @AttributeDefinition(name = "Advertised host", required = false,
            description = "Host or address clients connect to (the streamhost of XEP-0065 §6.3.1); empty for the "
                    + "server's bind address (parlance.bind), or 127.0.0.1 when it binds every interface. Set it on "
                    + "any server whose clients are not on the same machine")
    String host() default "";

    @AttributeDefinition(name = "Port", min = "0", max = "65535",
            description = "TCP port of the SOCKS5 listener; 0 disables the proxy")
    int port() default 7777;

    @AttributeDefinition(name = "Bytes per second per transfer", min = "0",
            description = "Largest rate one connection of a transfer may send at; 0 for no limit")
    long transfer_bytes_per_second() default 0;

    @AttributeDefinition(name = "Bytes per second in total", min = "0",
            description = "Largest rate the proxy relays at, all transfers together; 0 for no limit")
    long total_bytes_per_second() default 0;

    @AttributeDefinition(name = "Idle timeout (seconds)", min = "1",
            description = "A connection that neither sends nor receives for this long is closed (before "
                    + "activation too)")
    int idle_timeout_seconds() default 120;

    @AttributeDefinition(name = "Connections", min = "2",
            description = "Most SOCKS5 connections open at a time (two per transfer)")
    int max_connections() default 200;
}
