package parlance.disco.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.auth.AccountManager;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;

/**
 * disco#items for an account's bare address (XEP-0030 §4.1): an empty list for an existing account (a PEP bundle
 * may later register a higher-ranked handler listing its nodes), {@code service-unavailable} for an unknown one.
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.DISCO_ITEMS,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
        IqHandler.FEATURE + "=" + Namespaces.DISCO_ITEMS})
public class AccountDiscoItems implements IqHandler {
    private final AccountManager accounts;

    @Activate
    public AccountDiscoItems(@Reference AccountManager accounts) {
        this.accounts = accounts;
    }

    @Override
    public void handle(HandlerContext ctx) {
        if (ctx.stanza().payload().attributeValue("node") != null) {
            ctx.replyError(StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        AccountGate.whenExists(ctx, accounts,
                account -> ctx.reply(Addressing.element("query", Namespaces.DISCO_ITEMS)));
    }
}
