package parlance.archive.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.StanzaError;

/**
 * Enabling and disabling Message Carbons for the requesting session (XEP-0280 §4, §5): {@code <enable/>} or
 * {@code <disable/>} in urn:xmpp:carbons:2, sent to the server (or without {@code to}). The server advertises the
 * feature in its disco#info (§3).
 */
@Component(property = {IqHandler.TYPE + "=set", IqHandler.NAMESPACE + "=" + Ns.CARBONS,
        IqHandler.ELEMENT + "=enable", IqHandler.ELEMENT + "=disable",
        IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER, IqHandler.FEATURE + "=" + Ns.CARBONS})
public class CarbonsIq implements IqHandler {
    private final Carbons carbons;

    @Activate
    public CarbonsIq(@Reference Carbons carbons) {
        this.carbons = carbons;
    }

    @Override
    public void handle(HandlerContext ctx) {
        if (ctx.origin() == null) {
            ctx.replyError(StanzaError.NOT_ALLOWED, "carbons are a setting of a client session");
            return;
        }
        carbons.enable(ctx.origin(), "enable".equals(ctx.stanza().payload().getName()));
        ctx.reply(null);
    }
}
