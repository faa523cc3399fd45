package parlance.stream.internal;

/**
 * Per-server limits of the stream layer, taken from {@link C2sConfig} (or set directly by tests).
 *
 * @param maxStanzaBytes RFC 6120 §13.12 item 4: the largest stanza accepted
 * @param authAttempts RFC 6120 §6.4.5: SASL retries allowed on one connection
 * @param idleSeconds reader idle time before the XEP-0199 ping; 0 disables
 * @param pingTimeoutSeconds time the client has to answer that ping
 * @param hibernateMillis input silence after which a TCP stream's parser lets go of its buffers; 0 never
 */
public record StreamSettings(int maxStanzaBytes, int authAttempts, int idleSeconds, int pingTimeoutSeconds,
        long hibernateMillis) {
    /** Default hibernation delay of idle parsers. */
    public static final long HIBERNATE_MILLIS = 10_000;

    public StreamSettings(int maxStanzaBytes, int authAttempts, int idleSeconds, int pingTimeoutSeconds) {
        this(maxStanzaBytes, authAttempts, idleSeconds, pingTimeoutSeconds, HIBERNATE_MILLIS);
    }

    /** Milliseconds a closing stream still drains input before the socket closes (lets the client read the error). */
    public static final long CLOSE_GRACE_MILLIS = 1000;
}
