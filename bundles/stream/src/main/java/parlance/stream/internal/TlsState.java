package parlance.stream.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import parlance.stream.internal.tls.TlsManager;
import parlance.stream.internal.tls.TlsMaterial;

/**
 * TLS of one connection: direct (XEP-0368) or negotiated with STARTTLS (RFC 6120 §5.4), and the channel-binding
 * data it yields (RFC 5929 §4 {@code tls-server-end-point}; {@code tls-exporter} of RFC 9266 is not offered because
 * Netty exposes no keying-material exporter).
 */
final class TlsState {
    static final String SERVER_END_POINT = "tls-server-end-point";
    private final TlsManager manager;
    private final boolean direct;
    private TlsMaterial material;
    private boolean secure;

    TlsState(TlsManager manager, TlsMaterial directMaterial) {
        this.manager = manager;
        this.direct = directMaterial != null;
        this.material = directMaterial;
    }

    /** True when STARTTLS can still be offered (and is then required, §5.3.1). */
    boolean canStart() {
        return !direct && !secure && material == null && manager != null && manager.current() != null;
    }

    /**
     * Puts TLS in front of the pipeline in STARTTLS mode: the next write ({@code <proceed/>}) still goes out in
     * clear, everything after is encrypted (§5.4.2.3). Returns false when no certificate is loaded.
     */
    boolean start(ChannelHandlerContext ctx) {
        TlsMaterial m = manager == null ? null : manager.current();
        if (m == null) {
            return false;
        }
        material = m;
        ctx.pipeline().addFirst("tls", new SslHandler(m.context().newEngine(ctx.alloc()), true));
        return true;
    }

    boolean started() {
        return direct || material != null;
    }

    void handshakeDone() {
        secure = true;
    }

    boolean isSecure() {
        return secure;
    }

    List<String> channelBindingTypes() {
        return secure && material != null ? List.of(SERVER_END_POINT) : List.of();
    }

    byte[] channelBinding(String type) {
        return secure && material != null && SERVER_END_POINT.equals(type) ? material.serverEndPoint() : null;
    }
}
