package parlance.s2s.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The TLS handlers of XEP-0368 direct-TLS connections, first in the pipeline so TLS starts on connect (§2
 * "Direct TLS"): outbound with SNI set to the remote domain, the JID's domain part (§3 rule 6), and ALPN
 * {@code xmpp-server} (rules 7, 9; {@link S2sTls#directClient}); inbound an {@link SniHandler} that reads the
 * SNI name the peer asked for (reported to the stream as a {@code SniCompletionEvent}) before the handshake with
 * the server's certificate: the tls bundle loads one identity, which covers the server domain and its subdomains,
 * so every name maps to it.
 */
final class DirectTls {
    private DirectTls() {
    }

    /** The client side; null when no certificate is available. */
    static SslHandler client(SslContext context, ByteBufAllocator alloc, String domain, int port) {
        if (context == null) {
            return null;
        }
        SslHandler ssl = context.newHandler(alloc, domain, port);
        SSLEngine engine = ssl.engine();
        SSLParameters params = engine.getSSLParameters();
        try {
            params.setServerNames(List.of(new SNIHostName(domain)));
            engine.setSSLParameters(params);
        } catch (IllegalArgumentException notAHostName) {
            // an address literal as domain: no SNI (RFC 6066 §3 forbids literals)
        }
        return ssl;
    }

    /** The server side: SNI first, then the handshake with {@code context}. */
    static ChannelHandler server(SslContext context) {
        return new SniHandler((io.netty.util.Mapping<String, SslContext>) name -> context);
    }
}
