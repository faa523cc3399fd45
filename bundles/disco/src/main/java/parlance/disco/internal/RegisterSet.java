package parlance.disco.internal;

import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.auth.AccountManager;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;

/**
 * Registration changes of an authenticated user: password change (XEP-0077 §3.3) and cancellation (§3.2), both
 * always allowed for the user's own account. On cancellation the result is sent first and the account is then
 * deleted; deletion ends the user's sessions (as §3.2 asks), after the queued result.
 */
@Component(property = {IqHandler.TYPE + "=set", IqHandler.NAMESPACE + "=" + Namespaces.REGISTER,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
        IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT})
public class RegisterSet implements IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RegisterSet.class);

    private final AccountManager accounts;

    @Activate
    public RegisterSet(@Reference AccountManager accounts) {
        this.accounts = accounts;
    }

    @Override
    public void handle(HandlerContext ctx) {
        if (!Addressing.isLocalUserToSelfOrServer(ctx)) {
            ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
            return;
        }
        String user = ctx.origin().jid().local();
        Element query = ctx.stanza().payload();
        if (RegisterFields.hasRemove(query)) {
            ctx.reply(null);
            accounts.delete(user).whenComplete((deleted, failure) -> {
                if (failure != null || !Boolean.TRUE.equals(deleted)) {
                    LOG.error("Cancelling the registration of {} failed (deleted={})", user, deleted, failure);
                } else {
                    LOG.info("Account {} cancelled its registration", user);
                }
            });
            return;
        }
        String username = RegisterFields.field(query, "username");
        String password = RegisterFields.field(query, "password");
        if (username == null || password == null) {
            ctx.replyError(StanzaError.BAD_REQUEST, "Username and password are required");
        } else if (!username.trim().equalsIgnoreCase(user)) {
            ctx.replyError(StanzaError.NOT_ALLOWED, "You can only change the password of your own account");
        } else if (password.isEmpty()) {
            ctx.replyError(StanzaError.NOT_ACCEPTABLE, "The password must not be empty");
        } else {
            accounts.changePassword(user, password).whenComplete((changed, failure) -> {
                if (failure != null) {
                    if (RegisterFields.isUnusableInput(failure)) {
                        ctx.replyError(StanzaError.NOT_ACCEPTABLE, "The password is not usable");
                    } else {
                        LOG.error("Password change of {} failed", user, failure);
                        ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
                    }
                } else if (Boolean.TRUE.equals(changed)) {
                    ctx.reply(null);
                } else {
                    ctx.replyError(StanzaError.ITEM_NOT_FOUND, "The account no longer exists");
                }
            });
        }
    }
}
