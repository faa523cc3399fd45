package parlance.filetransfer.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;

/**
 * In-band bytestream limits (XEP-0047, see {@link IbbLimits}) on the IQs and messages a local client sends to
 * another account or domain, before the router delivers them ({@code iq/outbound}, {@code message/outbound}).
 * Ranked below blocking (XEP-0191), whose answer to a blocked contact comes first.
 */
@Component(property = {StanzaHandler.KIND + "=iq", StanzaHandler.KIND + "=message",
        IqHandler.TARGET + "=" + StanzaHandler.TARGET_OUTBOUND, "service.ranking:Integer=100"})
public class IbbOutbound implements StanzaHandler {
    private final IbbLimits limits;

    @Activate
    public IbbOutbound(@Reference IbbLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean handle(HandlerContext ctx) {
        return limits.refuse(ctx);
    }
}
