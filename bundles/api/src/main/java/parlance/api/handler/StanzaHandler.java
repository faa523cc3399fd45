package parlance.api.handler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: handles message or presence stanzas addressed to the server or to a local account before the
 * router's default delivery (RFC 6121 §8). Register with {@value #KIND} ({@code message} or {@code presence}) and
 * {@value IqHandler#TARGET}; handlers are called in {@code service.ranking} order until one returns {@code true}.
 *
 * <p>{@value #KIND} {@code iq} is offered with two targets only: {@value IqHandler#TARGET_ACCOUNT} sees IQs (requests
 * and responses) addressed to a local account's bare or full address, before they are delivered or answered (an
 * IQ without {@code to} is not offered; XEP-0191 blocking uses it); {@value #TARGET_OUTBOUND} sees the IQs a local
 * client sends to another address before they are routed (limits on in-band bytestreams use it). IQ requests for
 * the server or an account's own services are {@link IqHandler}s.
 */
@ConsumerType
public interface StanzaHandler {
    /** Service property: {@code message}, {@code presence} or {@code iq} (see above for the targets of iq). */
    String KIND = "parlance.stanza.kind";

    /**
     * Value of {@value IqHandler#TARGET} for handlers that see every message or presence a local client sends to
     * another address ({@code to} set and not the sender's own bare address) <em>before</em> it is routed: the
     * sender's server side of RFC 6121 (outbound subscription stanzas of §3, directed presence of §4.6). A handler
     * that returns {@code true} has taken the stanza over (it routes what must go on itself); {@code false} lets
     * routing continue by {@code to}.
     */
    String TARGET_OUTBOUND = "outbound";

    /** Returns {@code true} when the stanza was fully handled and default delivery must not happen. */
    boolean handle(HandlerContext ctx) throws Exception;
}
