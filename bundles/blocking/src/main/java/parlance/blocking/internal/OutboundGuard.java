package parlance.blocking.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.server.ServerInfo;
import parlance.api.stanza.Stanza;

/**
 * XEP-0191 §3.3, outbound: presence and IQs a local client sends to an address its account blocks are not routed;
 * the client gets {@code not-acceptable} with {@code <blocked xmlns='urn:xmpp:blocking:errors'/>} (errors are
 * dropped silently). The server's own domain is never blocked.
 */
@Component(property = {StanzaHandler.KIND + "=presence", StanzaHandler.KIND + "=iq",
        IqHandler.TARGET + "=" + StanzaHandler.TARGET_OUTBOUND, "service.ranking:Integer=1000"})
public class OutboundGuard implements StanzaHandler {
    private final Blocklists lists;
    private final String domain;

    @Activate
    public OutboundGuard(@Reference Blocklists lists, @Reference ServerInfo server) {
        this.lists = lists;
        this.domain = server.domain();
    }

    @Override
    public boolean handle(HandlerContext ctx) {
        Stanza s = ctx.stanza();
        Jid to = s.to();
        if (ctx.origin() == null || to == null || (to.local() == null && to.domain().equals(domain))) {
            return false;
        }
        Blocklist mine = lists.cached(ctx.origin().jid());
        if (mine == null || !mine.blocks(to)) {
            return false;
        }
        Stanza error = Own.blockedError(s);
        if (error != null) {
            ctx.origin().deliver(error);
        }
        return true;
    }
}
