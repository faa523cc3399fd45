package parlance.disco.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;

/** Small helpers shared by the handlers of this bundle: whose account a request is about, reply elements. */
final class Addressing {
    private Addressing() {
    }

    /**
     * The bare address of the account a request targets: its {@code to}, or the sender's own account when
     * {@code to} is absent (RFC 6120 §10.3.3).
     */
    static Jid targetAccount(HandlerContext ctx) {
        Jid to = ctx.stanza().to();
        if (to != null) {
            return to.bare();
        }
        Jid from = ctx.stanza().from();
        return from == null ? null : from.bare();
    }

    /** True when the request comes from the account it targets (any of its resources). */
    static boolean isOwnAccount(HandlerContext ctx) {
        Jid from = ctx.stanza().from();
        Jid target = targetAccount(ctx);
        return from != null && target != null && from.isEntity() && from.bare().equals(target);
    }

    /**
     * True for a request from a local, authenticated session addressed to the server, to no one (RFC 6120 §10.3.3)
     * or to the sender's own bare address: what a user may ask about their own account.
     */
    static boolean isLocalUserToSelfOrServer(HandlerContext ctx) {
        if (ctx.origin() == null || ctx.origin().jid() == null || !ctx.origin().jid().isEntity()) {
            return false;
        }
        Jid to = ctx.stanza().to();
        return to == null || !to.isEntity() || to.bare().equals(ctx.origin().jid().bare());
    }

    /** A new element {@code name} in {@code namespace}, detached (a reply payload). */
    static Element element(String name, String namespace) {
        return DocumentHelper.createElement(QName.get(name, namespace));
    }
}
