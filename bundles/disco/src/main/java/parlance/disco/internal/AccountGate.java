package parlance.disco.internal;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.auth.AccountManager;
import parlance.api.handler.HandlerContext;
import parlance.api.stanza.StanzaError;

/**
 * Answers a request to an account on the server's behalf only when the account exists: an IQ to an account that
 * does not exist gets {@code service-unavailable} (RFC 6121 §8.5.1; XEP-0030 §3.1 lets privacy override
 * {@code item-not-found}). The sender's own account exists by definition and needs no look-up.
 */
final class AccountGate {
    private static final Logger LOG = LoggerFactory.getLogger(AccountGate.class);

    private AccountGate() {
    }

    /** Calls {@code then} with the target account (bare) once it is known to exist; never blocks. */
    static void whenExists(HandlerContext ctx, AccountManager accounts, Consumer<Jid> then) {
        Jid account = Addressing.targetAccount(ctx);
        if (account == null || !account.isEntity()) {
            ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
            return;
        }
        if (Addressing.isOwnAccount(ctx)) {
            then.accept(account);
            return;
        }
        accounts.exists(account.local()).whenComplete((exists, failure) -> {
            if (failure != null) {
                LOG.warn("Account look-up for {} failed", account, failure);
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
            } else if (Boolean.TRUE.equals(exists)) {
                then.accept(account);
            } else {
                ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
            }
        });
    }
}
