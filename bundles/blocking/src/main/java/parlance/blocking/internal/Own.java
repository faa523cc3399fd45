package parlance.blocking.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/** Small rules the handlers share. */
final class Own {
    private Own() {
    }

    /**
     * The requesting account when a local client asks about its own blocklist (no {@code to}, its bare address, or
     * its server's domain); {@code null} otherwise.
     */
    static Jid account(HandlerContext ctx) {
        Stanza s = ctx.stanza();
        Jid from = s.from();
        if (ctx.origin() == null || from == null || from.local() == null) {
            return null;
        }
        Jid to = s.to();
        boolean own = to == null || (to.isBare() && to.equals(from.bare()))
                || (to.local() == null && to.resource() == null && to.domain().equals(from.domain()));
        return own ? from.bare() : null;
    }

    static boolean sameBare(Jid a, Jid b) {
        return a != null && b != null && a.domain().equals(b.domain()) && java.util.Objects.equals(a.local(), b.local());
    }

    /**
     * The error for a stanza the account sends to an address it blocks (XEP-0191 §3.3): {@code not-acceptable}
     * with {@code <blocked xmlns='urn:xmpp:blocking:errors'/>}; {@code null} for a stanza of type error.
     */
    static Stanza blockedError(Stanza request) {
        Stanza error = Stanzas.error(request, StanzaError.NOT_ACCEPTABLE, null);
        if (error == null) {
            return null;
        }
        Element copy = error.element().createCopy(); // the error is ours, but stays a value: build, then wrap
        copy.element("error").add(DocumentHelper.createElement(QName.get("blocked", Ns.ERRORS)));
        return Stanza.of(copy, error.from(), error.to());
    }
}
