package parlance.push.internal;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * XEP-0357 §5 (enable: {@code jid} and {@code node} required, an optional publish-options form; enabling the same
 * jid and node again replaces the registration) and §6 (disable: by {@code jid}, and {@code node} when given). Only
 * the account itself, from a client session; the feature {@code urn:xmpp:push:0} is published on the account.
 */
@Component(configurationPid = PushConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {IqHandler.TYPE + "=set", IqHandler.NAMESPACE + "=" + Ns.PUSH, IqHandler.ELEMENT + "=enable",
            IqHandler.ELEMENT + "=disable", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
            IqHandler.FEATURE + "=" + Ns.PUSH})
@Designate(ocd = PushConfig.class)
public class PushIq implements IqHandler {
    private final Registrations registrations;
    private final AddressPreparer preparer;
    private volatile int max;

    @Activate
    public PushIq(@Reference Registrations registrations, @Reference AddressPreparer preparer, PushConfig config) {
        this.registrations = registrations;
        this.preparer = preparer;
        modified(config);
    }

    @Modified
    void modified(PushConfig config) {
        max = Math.max(1, config.max_registrations());
    }

    @Override
    public void handle(HandlerContext ctx) {
        Stanza s = ctx.stanza();
        Jid from = s.from();
        if (ctx.origin() == null || from == null || (s.to() != null && !s.to().equals(from.bare()))) {
            ctx.replyError(StanzaError.FORBIDDEN, "Only the account itself may enable push notifications");
            return;
        }
        Element payload = s.payload();
        Jid app;
        try {
            String text = payload.attributeValue("jid");
            if (text == null) {
                ctx.replyError(StanzaError.BAD_REQUEST, "The jid of the app server is required");
                return;
            }
            app = preparer.parse(text);
        } catch (JidFormatException e) {
            ctx.replyError(StanzaError.JID_MALFORMED, e.getMessage());
            return;
        }
        String node = payload.attributeValue("node");
        boolean enable = "enable".equals(payload.getName());
        if (enable && (node == null || node.isEmpty())) {
            ctx.replyError(StanzaError.BAD_REQUEST, "The node is required");
            return;
        }
        Element form = payload.element(QName.get("x", Ns.DATA));
        Registration added = enable ? new Registration(app, node, form == null ? null : form.createCopy()) : null;
        int limit = max;
        registrations.update(from.local(), list -> {
            list.removeIf(r -> r.sameTarget(app, node));
            if (added != null) {
                list.add(added);
                while (list.size() > limit) {
                    list.remove(0); // the oldest registration gives way
                }
            }
            return list;
        }).whenComplete((List<Registration> list, Throwable e) -> {
            if (e != null) {
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
            } else {
                ctx.reply(null);
            }
        });
    }
}
