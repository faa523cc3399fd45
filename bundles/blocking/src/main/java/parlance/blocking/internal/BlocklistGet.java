package parlance.blocking.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.StanzaError;

/**
 * XEP-0191 §3.2: the user retrieves the blocklist (an empty {@code <blocklist/>} when nothing is blocked). The
 * session that asked gets the pushes of later changes. Publishes the disco feature {@code urn:xmpp:blocking}
 * (§3.1) for the server and the account.
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Ns.BLOCKING,
        IqHandler.ELEMENT + "=blocklist", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
        IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER, IqHandler.FEATURE + "=" + Ns.BLOCKING})
public class BlocklistGet implements IqHandler {
    private final Blocklists lists;

    @Activate
    public BlocklistGet(@Reference Blocklists lists) {
        this.lists = lists;
    }

    @Override
    public void handle(HandlerContext ctx) {
        Jid account = Own.account(ctx);
        if (account == null) {
            ctx.replyError(StanzaError.FORBIDDEN, "Only the account itself may read its blocklist");
            return;
        }
        lists.interested(ctx.origin());
        lists.get(account.local()).whenComplete((list, e) -> {
            if (e != null) {
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
            } else {
                ctx.reply(Blocklist.element("blocklist", list.jids()));
            }
        });
    }
}
