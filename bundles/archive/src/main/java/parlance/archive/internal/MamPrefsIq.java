package parlance.archive.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.StanzaError;

/**
 * Archiving preferences (XEP-0313 §6.2): {@code get} answers the account's {@code <prefs/>}; {@code set} replaces
 * them (every address is prepared, RFC 7622) and answers with what is now stored.
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.TYPE + "=set", IqHandler.NAMESPACE + "=" + Ns.MAM,
        IqHandler.ELEMENT + "=prefs", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT})
public class MamPrefsIq implements IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MamPrefsIq.class);

    private final Preferences preferences;
    private final AddressPreparer preparer;

    @Activate
    public MamPrefsIq(@Reference Preferences preferences, @Reference AddressPreparer preparer) {
        this.preferences = preferences;
        this.preparer = preparer;
    }

    @Override
    public void handle(HandlerContext ctx) {
        Jid account = Owner.of(ctx);
        if (account == null) {
            return;
        }
        java.util.concurrent.CompletionStage<Prefs> result;
        if ("get".equals(ctx.stanza().type())) {
            result = preferences.get(account.local());
        } else {
            Prefs prefs;
            try {
                prefs = Prefs.fromXml(ctx.stanza().payload(), this::prepare);
            } catch (IllegalArgumentException e) {
                ctx.replyError(StanzaError.BAD_REQUEST, e.getMessage());
                return;
            }
            result = preferences.set(account.local(), prefs);
        }
        result.whenComplete((prefs, e) -> {
            if (e != null) {
                LOG.warn("Archive preferences of {} failed: {}", account, e.toString());
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
            } else {
                ctx.reply(prefs.toXml());
            }
        });
    }

    private String prepare(String jid) {
        try {
            return preparer.parse(jid).toString();
        } catch (JidFormatException e) {
            throw new IllegalArgumentException("invalid address " + jid);
        }
    }
}
