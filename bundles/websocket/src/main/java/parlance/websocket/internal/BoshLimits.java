package parlance.websocket.internal;

/**
 * The per-session numbers of a BOSH session (XEP-0124).
 *
 * @param waitSeconds       §7.1 longest time (s) a request is held without output
 * @param inactivitySeconds §10 longest time (s) without a request before the session ends
 * @param maxPauseSeconds   §10 longest {@code pause} (s) a client may ask for; advertised as {@code maxpause}
 * @param reportAfterMillis §9.2 how long a response stays unacknowledged by a client that uses acknowledgements
 *                          before it is reported lost ({@code report}/{@code time})
 */
record BoshLimits(int waitSeconds, int inactivitySeconds, int maxPauseSeconds, long reportAfterMillis) {
    /** §7.1: at most this many requests held. */
    static final int HOLD = 1;
    /** §7.1, §11: at most this many requests the client may keep open at once. */
    static final int REQUESTS = 2;
    /** §7.1, §11: the shortest allowed interval (s) between two empty requests, advertised as {@code polling}. */
    static final int POLLING = 1;
}
