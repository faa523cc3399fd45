package parlance.websocket.internal;

import org.dom4j.Element;

/**
 * The limits a BOSH client must keep to (XEP-0124 §10, §11): no more simultaneous requests than {@code requests}
 * (a {@code terminate} always passes), no two empty requests closer than {@code polling} seconds when the first was
 * answered without payload, and no {@code pause} longer than {@code maxpause}. Used on the session's thread only.
 */
final class BoshPolicy {
    private final BoshLimits limits;
    private long lastEmptyRid = -1;
    private long lastEmptyAt;

    BoshPolicy(BoshLimits limits) {
        this.limits = limits;
    }

    /**
     * The terminal condition a new request {@code rid} violates ({@code policy-violation}), or null.
     *
     * @param outstanding    requests received and not answered yet (held or waiting for an earlier rid)
     * @param previousEmpty  whether the response to {@code rid - 1} had no payload (or is not sent yet)
     */
    String check(long rid, Element body, int outstanding, boolean previousEmpty, long nowNanos) {
        if (!"terminate".equals(body.attributeValue("type")) && outstanding >= BoshLimits.REQUESTS) {
            return "policy-violation"; // §11: overactivity
        }
        if (BoshBodies.intAttribute(body, "pause", -1) > limits.maxPauseSeconds()) {
            return "policy-violation"; // §10: a pause longer than maxpause
        }
        if (emptyPoll(body)) {
            if (lastEmptyRid == rid - 1 && nowNanos - lastEmptyAt < BoshLimits.POLLING * 1_000_000_000L
                    && previousEmpty) {
                return "policy-violation"; // §11: polling too often
            }
            lastEmptyRid = rid;
            lastEmptyAt = nowNanos;
        }
        return null;
    }

    /** An empty request that is only there to be held: no payload, no pause, restart or terminate. */
    static boolean emptyPoll(Element body) {
        return body.elements().isEmpty() && body.attributeValue("type") == null
                && body.attributeValue("pause") == null && body.attributeValue(BoshBodies.XMPP_RESTART) == null;
    }
}
