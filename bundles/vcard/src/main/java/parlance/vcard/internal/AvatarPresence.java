package parlance.vcard.internal;

import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.stanza.Stanza;

/**
 * XEP-0153 §4.1 on the server's side (as ejabberd's mod_vcard_xupdate does): an available presence broadcast of a
 * client that carries no {@code <x xmlns='vcard-temp:x:update'/>} gets one with the photo hash of the stored vCard
 * (an empty {@code <photo/>} when the vCard has no photo; nothing when the account has no vCard). Runs ahead of the
 * presence handler of the IM bundle; the stamped copy is received again for the same session (so it keeps its
 * place among the session's stanzas), where this handler lets it pass.
 */
@Component(configurationPid = VCardConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {StanzaHandler.KIND + "=presence", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
            "service.ranking:Integer=900"})
public class AvatarPresence implements StanzaHandler {
    private final VCards vcards;
    private volatile boolean enabled;

    @Activate
    public AvatarPresence(@Reference VCards vcards, VCardConfig config) {
        this.vcards = vcards;
        modified(config);
    }

    @Modified
    void modified(VCardConfig config) {
        enabled = config.presence_update();
    }

    @Override
    public boolean handle(HandlerContext ctx) {
        Stanza s = ctx.stanza();
        if (!enabled || ctx.origin() == null || s.to() != null || s.element().attributeValue("type") != null
                || s.element().element(QName.get("x", Ns.UPDATE)) != null || s.from() == null) {
            return false;
        }
        String hash = vcards.photoHash(s.from().local());
        if (hash == null) {
            return false;
        }
        Element copy = s.element().createCopy();
        Element photo = copy.addElement(QName.get("x", Ns.UPDATE)).addElement(QName.get("photo", Ns.UPDATE));
        if (!hash.isEmpty()) {
            photo.setText(hash);
        }
        ctx.router().receive(ctx.origin(), Stanza.of(copy, s.from(), null));
        return true;
    }
}
