package parlance.filetransfer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of file transfer (PID {@code parlance.filetransfer}): the SOCKS5 bytestreams proxy (a change
 * restarts it) and the limits on in-band bytestreams (applied live).
 */
@ObjectClassDefinition(id = ProxyConfig.PID, name = "Parlance file transfer",
        description = "SOCKS5 bytestreams proxy (XEP-0065) and in-band bytestream limits (XEP-0047) for file "
                + "transfer between clients")
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
            description = "A proxy connection that neither sends nor receives for this long is closed (before "
                    + "activation too); an in-band bytestream without data for this long no longer counts")
    int idle_timeout_seconds() default 120;

    @AttributeDefinition(name = "Connections", min = "2",
            description = "Most SOCKS5 connections open at a time (two per transfer)")
    int max_connections() default 200;

    @AttributeDefinition(name = "In-band bytes per second per sender", min = "0",
            description = "Rate at which one client (full JID) may send in-band bytestream data (XEP-0047) through "
                    + "the server; a chunk above it is refused with resource-constraint (wait). 0 for no limit")
    long ibb_bytes_per_second() default 65536;

    @AttributeDefinition(name = "In-band burst (bytes)", min = "0",
            description = "In-band data a client may send at once before the rate applies (token bucket size; at "
                    + "least one block)")
    long ibb_burst_bytes() default 262144;

    @AttributeDefinition(name = "In-band largest block size", min = "0", max = "65535",
            description = "Largest block-size accepted in an in-band bytestream open (XEP-0047 §2.1; larger ones are "
                    + "refused with resource-constraint (modify)); 0 for the protocol's 65535")
    int ibb_max_block_size() default 16384;

    @AttributeDefinition(name = "In-band bytestreams per user", min = "0",
            description = "Most in-band bytestreams one user may have open at a time; 0 for no limit")
    int ibb_max_sessions() default 10;
}
