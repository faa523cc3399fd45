package parlance.archive.internal;

import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/** Only the account itself reads and configures its archive (XEP-0313 §4: "a user's own archive"). */
final class Owner {
    private Owner() {
    }

    /**
     * The bare address of the account the request is for, when the requester is that account (the request has no
     * {@code to}, or is addressed to the sender's own bare address); otherwise answers {@code forbidden} and returns
     * {@code null}.
     */
    static Jid of(HandlerContext ctx) {
        Stanza iq = ctx.stanza();
        Jid from = iq.from();
        if (from == null || from.local() == null || ctx.origin() == null
                || (iq.to() != null && !iq.to().bare().equals(from.bare()))) {
            ctx.replyError(StanzaError.FORBIDDEN, "only the account itself may use its archive");
            return null;
        }
        return from.bare();
    }
}
