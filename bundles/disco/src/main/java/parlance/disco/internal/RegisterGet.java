package parlance.disco.internal;

import org.dom4j.Element;
import org.osgi.service.component.annotations.Component;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;

/**
 * Registration fields for an authenticated user (XEP-0077 §3.1, Example 3 "already registered"): the user is
 * registered by definition, so the answer carries {@code <registered/>}, the username and an empty password field.
 * Requests from elsewhere than a local session, or about another account, get {@code service-unavailable}.
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.REGISTER,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
        IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT, IqHandler.FEATURE + "=" + Namespaces.REGISTER})
public class RegisterGet implements IqHandler {
    @Override
    public void handle(HandlerContext ctx) {
        if (!Addressing.isLocalUserToSelfOrServer(ctx)) {
            ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
            return;
        }
        Jid user = ctx.origin().jid();
        Element query = RegisterFields.query();
        query.addElement("registered", Namespaces.REGISTER);
        query.addElement("username", Namespaces.REGISTER).setText(user.local());
        query.addElement("password", Namespaces.REGISTER);
        ctx.reply(query);
    }
}
