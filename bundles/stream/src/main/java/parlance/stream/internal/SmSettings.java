package parlance.stream.internal;

/**
 * Stream management (XEP-0198) and client state indication (XEP-0352) limits, from {@link C2sConfig}.
 *
 * @param resumeTimeoutSeconds how long a session whose connection dropped stays bound, waiting for
 *        {@code <resume/>} (XEP-0198 §5); 0 offers no resumption; also the advertised {@code max}
 * @param maxQueue unacknowledged stanzas a session may hold; past it the session ends (its messages are re-routed)
 * @param ackEvery written stanzas after which the server requests an acknowledgement ({@code <r/>}, §4)
 * @param ackDelayMillis a quiet connection with unacknowledged stanzas gets {@code <r/>} after this long
 * @param csiQueueLimit stanzas held back while the client is inactive (XEP-0352) before they are flushed anyway
 */
record SmSettings(int resumeTimeoutSeconds, int maxQueue, int ackEvery, long ackDelayMillis, int csiQueueLimit) {
    static final SmSettings DEFAULTS = new SmSettings(300, 5000, 5, 1000, 100);
}
