package parlance.s2s.internal;

import java.net.InetSocketAddress;

/**
 * One place to connect to for a remote domain: a host (name or address literal) and port, and whether TLS starts
 * at once on connect (XEP-0368 §3 rule 2: a {@code _xmpps-server} record, or a {@code tls:} static route) instead
 * of by STARTTLS (rule 3: {@code _xmpp-server} records, RFC 6120 §5).
 */
record Target(String host, int port, boolean directTls) {
    /** The address to connect to, not yet resolved (the connect resolves host names off the event loops). */
    InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }
}
