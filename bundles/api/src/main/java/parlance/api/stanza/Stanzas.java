package parlance.api.stanza;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;

/** Builders for the stanzas every handler needs: IQ results and stanza errors (RFC 6120 §8.2.3, §8.3). */
public final class Stanzas {
    private Stanzas() {
    }

    /** A new, empty stanza element in {@code jabber:client}. */
    public static Element newElement(Stanza.Kind kind) {
        return DocumentHelper.createElement(QName.get(kind.elementName(), Namespaces.CLIENT));
    }

    /** An IQ result answering {@code request}, with an optional child (may be {@code null}). */
    public static Stanza iqResult(Stanza request, Element child) {
        Element iq = newElement(Stanza.Kind.IQ);
        iq.addAttribute("type", "result");
        copyId(request, iq);
        swapAddresses(request, iq);
        if (child != null) {
            iq.add(child);
        }
        return Stanza.of(iq, request.to(), request.from());
    }

    /**
     * The error reply to {@code request} (RFC 6120 §8.3.1): same kind and id, addresses swapped, type error, and an
     * {@code <error/>} child with the condition. Returns {@code null} when {@code request} is itself an error, which
     * must never be answered with an error.
     */
    public static Stanza error(Stanza request, StanzaError condition, String text) {
        if (request.isError()) {
            return null;
        }
        Element reply = newElement(request.kind());
        reply.addAttribute("type", "error");
        copyId(request, reply);
        swapAddresses(request, reply);
        if (request.kind() != Stanza.Kind.IQ) {
            // RFC 6120 §8.3.1: the error stanza MAY include the original XML; we return its children for context.
            for (Object child : request.element().elements()) {
                reply.add(((Element) child).createCopy());
            }
        } else if (request.payload() != null) {
            reply.add(request.payload().createCopy());
        }
        reply.add(errorElement(condition, text));
        return Stanza.of(reply, request.to(), request.from());
    }

    /** The {@code <error type='...'><condition/></error>} element of RFC 6120 §8.3.2. */
    public static Element errorElement(StanzaError condition, String text) {
        Element error = DocumentHelper.createElement(QName.get("error", Namespaces.CLIENT));
        error.addAttribute("type", condition.type());
        error.addElement(QName.get(condition.condition(), StanzaError.NAMESPACE));
        if (text != null) {
            Element t = error.addElement(QName.get("text", StanzaError.NAMESPACE));
            t.addAttribute("xml:lang", "en");
            t.setText(text);
        }
        return error;
    }

    private static void copyId(Stanza request, Element reply) {
        String id = request.id();
        if (id != null) {
            reply.addAttribute("id", id);
        }
    }

    private static void swapAddresses(Stanza request, Element reply) {
        Jid from = request.from();
        Jid to = request.to();
        if (to != null) {
            reply.addAttribute("from", to.toString());
        }
        if (from != null) {
            reply.addAttribute("to", from.toString());
        }
    }
}
