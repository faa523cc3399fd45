package parlance.disco.internal;

import java.util.List;
import org.dom4j.Element;
import parlance.api.handler.HandlerContext;
import parlance.api.stanza.StanzaError;

/**
 * The checks both private XML storage handlers share (XEP-0049 §2.1, §3): only the user's own account, at least
 * one child element, each in a namespace of its own that is not reserved.
 */
final class PrivateKeys {
    private PrivateKeys() {
    }

    /** The storage key of a child: {@code namespace + ' ' + local name} (the PrivateStore convention). */
    static String key(Element child) {
        return child.getNamespaceURI() + ' ' + child.getName();
    }

    /**
     * The children to store or fetch, or {@code null} after replying with the error: {@code forbidden} for another
     * entity's data, {@code not-acceptable} for no child or a child in no namespace or a reserved one
     * ({@code jabber:client}, {@code jabber:server}, {@code jabber:x:*}, {@code jabber:iq:*}: everything under
     * {@code jabber:}).
     */
    static List<Element> checkedChildren(HandlerContext ctx) {
        if (!Addressing.isLocalUserToSelfOrServer(ctx)) {
            ctx.replyError(StanzaError.FORBIDDEN, "Private XML is only available to the account itself");
            return null;
        }
        List<Element> children = ctx.stanza().payload().elements();
        if (children.isEmpty()) {
            ctx.replyError(StanzaError.NOT_ACCEPTABLE, "The query needs a child element in its own namespace");
            return null;
        }
        for (Element child : children) {
            String ns = child.getNamespaceURI();
            if (ns == null || ns.isEmpty() || ns.startsWith("jabber:")) {
                ctx.replyError(StanzaError.NOT_ACCEPTABLE, "Namespace not allowed for private XML: " + ns);
                return null;
            }
        }
        return children;
    }
}
