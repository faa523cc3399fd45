package parlance.filetransfer.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;

/**
 * In-band bytestream limits (XEP-0047, see {@link IbbLimits}) on IQs between resources of one account, which skip
 * the outbound handlers: of the {@code iq/account} stanzas it takes only those a local session sends to its own
 * account (the others were seen by {@link IbbOutbound} already, or come from elsewhere).
 */
@Component(property = {StanzaHandler.KIND + "=iq", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
        "service.ranking:Integer=100"})
public class IbbOwnAccount implements StanzaHandler {
    private final IbbLimits limits;

    @Activate
    public IbbOwnAccount(@Reference IbbLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean handle(HandlerContext ctx) {
        Jid to = ctx.stanza().to();
        if (ctx.origin() == null || to == null || !to.bare().equals(ctx.origin().jid().bare())) {
            return false;
        }
        return limits.refuse(ctx);
    }
}
