package parlance.s2s.internal;

import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import parlance.api.address.AddressPreparer;
import parlance.api.router.Router;

/** What the s2s streams of one server share: its domain, keys, TLS, settings and the services they call. */
final class S2sServices {
    final String domain;
    final DialbackKey keys;
    final S2sTls tls;
    final Resolver resolver;
    final boolean secure;
    final int connectTimeoutSeconds;
    final int idleSeconds;
    final int queueLimit;
    final int maxStanzaBytes;
    /** XEP-0288 bidirectional streams offered (inbound) and requested (outbound). */
    final boolean bidi;
    /** XEP-0205 §3 per-remote-domain connection and stanza-rate limits. */
    final DomainLimits limits;
    final EventLoopGroup workers;
    /** Blocking work (DNS) happens here, never on an event loop. */
    final Executor blocking;
    private final Supplier<Router> router;
    private final Supplier<AddressPreparer> preparer;
    private final SecureRandom random;
    private Outbound outbound;
    /** Streams authenticated by SASL EXTERNAL (XEP-0178) and by dialback (XEP-0220), inbound; diagnostics. */
    final java.util.concurrent.atomic.LongAdder externalLogins = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder dialbackLogins = new java.util.concurrent.atomic.LongAdder();

    S2sServices(String domain, DialbackKey keys, S2sTls tls, Resolver resolver, S2sConfig config,
            EventLoopGroup workers, Executor blocking, Supplier<Router> router, Supplier<AddressPreparer> preparer,
            SecureRandom random) {
        this.domain = domain;
        this.keys = keys;
        this.tls = tls;
        this.resolver = resolver;
        this.secure = config.secure();
        this.connectTimeoutSeconds = Math.max(1, config.connect_timeout_seconds());
        this.idleSeconds = config.idle_timeout_seconds();
        this.queueLimit = Math.max(1, config.queue_limit());
        this.maxStanzaBytes = Math.max(1024, config.max_stanza_size());
        this.bidi = config.bidi();
        this.limits = new DomainLimits(config.max_connections_per_domain(), config.stanza_rate(), System::nanoTime);
        this.workers = workers;
        this.blocking = blocking;
        this.router = router;
        this.preparer = preparer;
        this.random = random;
    }

    void outbound(Outbound outbound) {
        this.outbound = outbound;
    }

    Outbound outbound() {
        return outbound;
    }

    Router router() {
        return router.get();
    }

    AddressPreparer preparer() {
        return preparer.get();
    }

    /** The server's domain and the hosted-service domains under it (e.g. conference.example.org). */
    boolean isLocal(String d) {
        return d != null && (d.equals(domain) || d.endsWith("." + domain));
    }

    /** A fresh, unguessable stream id (RFC 6120 §4.7.3: at least 128 bits of randomness). */
    String newStreamId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
