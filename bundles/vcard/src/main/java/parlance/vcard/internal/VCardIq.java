package parlance.vcard.internal;

import java.nio.charset.StandardCharsets;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * vcard-temp (XEP-0054): §3.1 a user retrieves the own vCard (no {@code to}, or the own bare address; an empty
 * {@code <vCard/>} when none is stored), §3.2 updates it (only the own; larger than {@code max.size} is
 * {@code not-acceptable}), §3.3 retrieves another account's ({@code item-not-found} when it has none).
 */
@Component(configurationPid = VCardConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {IqHandler.TYPE + "=get", IqHandler.TYPE + "=set", IqHandler.NAMESPACE + "=" + Ns.VCARD,
            IqHandler.ELEMENT + "=vCard", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
            IqHandler.FEATURE + "=" + Ns.VCARD})
@Designate(ocd = VCardConfig.class)
public class VCardIq implements IqHandler {
    private final VCards vcards;
    private volatile int maxSize;

    @Activate
    public VCardIq(@Reference VCards vcards, VCardConfig config) {
        this.vcards = vcards;
        modified(config);
    }

    @Modified
    void modified(VCardConfig config) {
        maxSize = config.max_size();
    }

    @Override
    public void handle(HandlerContext ctx) {
        Stanza s = ctx.stanza();
        Jid from = s.from();
        Jid owner = s.to() == null ? (from == null ? null : from.bare()) : s.to().bare();
        boolean own = from != null && owner != null && owner.equals(from.bare());
        if (owner == null || owner.local() == null) {
            ctx.replyError(StanzaError.BAD_REQUEST, null);
        } else if ("set".equals(s.type())) {
            set(ctx, owner, own);
        } else {
            get(ctx, owner, own);
        }
    }

    private void get(HandlerContext ctx, Jid owner, boolean own) {
        vcards.get(owner.local()).whenComplete((xml, e) -> {
            if (e != null) {
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
            } else if (xml.isPresent()) {
                try {
                    ctx.reply(DocumentHelper.parseText(xml.get()).getRootElement().createCopy());
                } catch (DocumentException ex) {
                    ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
                }
            } else if (own) {
                ctx.reply(DocumentHelper.createElement(QName.get("vCard", Ns.VCARD)));
            } else {
                ctx.replyError(StanzaError.ITEM_NOT_FOUND, null);
            }
        });
    }

    private void set(HandlerContext ctx, Jid owner, boolean own) {
        if (!own || ctx.origin() == null) {
            ctx.replyError(StanzaError.FORBIDDEN, "Only the account itself may change its vCard");
            return;
        }
        Element vcard = ctx.stanza().payload().createCopy();
        if (vcard.asXML().getBytes(StandardCharsets.UTF_8).length > maxSize) {
            ctx.replyError(StanzaError.NOT_ACCEPTABLE, "The vCard is larger than " + maxSize + " bytes");
            return;
        }
        vcards.put(owner.local(), vcard).whenComplete((v, e) -> {
            if (e != null) {
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
            } else {
                ctx.reply(null);
            }
        });
    }
}
