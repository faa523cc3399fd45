package parlance.disco.internal;

import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.auth.AccountManager;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;

/**
 * disco#info for an account's bare address, answered by the server on the account's behalf (XEP-0030 §3.1,
 * RFC 6121 §8.5.1): identity {@code account/registered} and the features of the handlers that serve accounts
 * (e.g. ping, private XML). An account that does not exist gets {@code service-unavailable}.
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.DISCO_INFO,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
        IqHandler.FEATURE + "=" + Namespaces.DISCO_INFO})
public class AccountDiscoInfo implements IqHandler {
    private final DiscoCatalog catalog;
    private final AccountManager accounts;

    @Activate
    public AccountDiscoInfo(@Reference DiscoCatalog catalog, @Reference AccountManager accounts) {
        this.catalog = catalog;
        this.accounts = accounts;
    }

    @Override
    public void handle(HandlerContext ctx) {
        if (ctx.stanza().payload().attributeValue("node") != null) {
            ctx.replyError(StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        AccountGate.whenExists(ctx, accounts, account -> {
            Element query = Addressing.element("query", Namespaces.DISCO_INFO);
            Element identity = query.addElement("identity", Namespaces.DISCO_INFO);
            identity.addAttribute("category", "account");
            identity.addAttribute("type", "registered");
            DiscoFeatures.add(query, catalog.features(IqHandler.TARGET_ACCOUNT));
            ctx.reply(query);
        });
    }
}
