package parlance.disco.internal;

import org.osgi.service.component.annotations.Component;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;

/**
 * XMPP Ping (XEP-0199): a ping to the server (§4.2, client-to-server) or to the sender's own bare address gets an
 * empty result. A ping to another account's bare address is not answered on its behalf: {@code service-unavailable}
 * (RFC 6121 §8.5.1 keeps account existence private); pings to full addresses go to the client itself (router).
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.PING,
        IqHandler.ELEMENT + "=ping", IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
        IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT, IqHandler.FEATURE + "=" + Namespaces.PING})
public class Ping implements IqHandler {
    @Override
    public void handle(HandlerContext ctx) {
        boolean toServer = ctx.stanza().to() != null && !ctx.stanza().to().isEntity();
        if (toServer || Addressing.isOwnAccount(ctx)) {
            ctx.reply(null);
        } else {
            ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
        }
    }
}
