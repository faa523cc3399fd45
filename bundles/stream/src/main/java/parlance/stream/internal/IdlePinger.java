package parlance.stream.internal;

import java.util.concurrent.TimeUnit;
import parlance.api.stanza.StreamError;

/**
 * Idle connections (RFC 6120 §4.6.4, XEP-0199 §4.2): when a bound client has sent nothing for the idle time, the
 * server pings it and closes the stream with {@code connection-timeout} if nothing arrives within the answer time.
 * A connection idle before binding is closed right away. Runs on the event loop.
 */
final class IdlePinger {
    private final StreamCore stream;
    private final ClientStanzas stanzas;
    private boolean outstanding;

    IdlePinger(StreamCore stream, ClientStanzas stanzas) {
        this.stream = stream;
        this.stanzas = stanzas;
    }

    void idle() {
        if (stream.isClosing() || outstanding) {
            return;
        }
        String full = stanzas.boundJid();
        if (full == null) {
            stream.streamError(StreamError.CONNECTION_TIMEOUT, null);
            return;
        }
        outstanding = true;
        long sentAt = System.nanoTime();
        stanzas.sendToClient(StreamElements.ping(stanzas.newPingId(), stream.services.domain, full));
        stream.schedule(() -> {
            outstanding = false;
            if (stream.lastReadNanos() - sentAt < 0) {
                stream.streamError(StreamError.CONNECTION_TIMEOUT, null);
            }
        }, TimeUnit.SECONDS.toMillis(stream.services.settings.pingTimeoutSeconds()));
    }
}
