package parlance.api.handler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: handles IQ requests (RFC 6120 §8.2.3) for one routing key. Register as a DS component with the
 * properties {@value #TYPE}, {@value #NAMESPACE}, {@value #ELEMENT} and {@value #TARGET}; the router indexes the
 * whole key (never the namespace alone) and {@code service.ranking} breaks ties. An IQ request nobody handles is
 * answered with {@code service-unavailable} by the router (RFC 6120 §8.4).
 *
 * <p>Example:
 * <pre>
 * {@literal @}Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=urn:xmpp:ping",
 *     IqHandler.ELEMENT + "=ping", IqHandler.TARGET + "=server", IqHandler.FEATURE + "=urn:xmpp:ping"})
 * public class Ping implements IqHandler {
 *     public void handle(HandlerContext ctx) { ctx.reply(null); }
 * }
 * </pre>
 */
@ConsumerType
public interface IqHandler {
    /** Service property: {@code get} or {@code set}. */
    String TYPE = "parlance.iq.type";
    /** Service property: namespace of the IQ's payload element. */
    String NAMESPACE = "parlance.iq.namespace";
    /** Service property: local name of the IQ's payload element. */
    String ELEMENT = "parlance.iq.element";
    /**
     * Service property: which addresses this handler answers for: {@value #TARGET_SERVER} (the server's domain),
     * {@value #TARGET_ACCOUNT} (a local bare address, including the sender's own when {@code to} is absent), or both
     * when the property is given twice.
     */
    String TARGET = "parlance.iq.target";
    String TARGET_SERVER = "server";
    String TARGET_ACCOUNT = "account";
    /** Optional service property: disco features (XEP-0030) this handler implements; collected by disco. */
    String FEATURE = "parlance.disco.feature";

    /**
     * Handles one request. Must reply exactly once, now or later, through the context, and must not block: slow
     * work goes to {@link HandlerContext#executor()}. A thrown exception fails only this stanza
     * ({@code internal-server-error}).
     */
    void handle(HandlerContext ctx) throws Exception;
}
