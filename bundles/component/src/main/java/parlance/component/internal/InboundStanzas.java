package parlance.component.internal;

import java.util.function.Consumer;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.router.Router;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.api.stanza.StreamError;

/**
 * Stanzas a connected component sends (XEP-0114 §3, after the handshake): each must come from an address within the
 * component's domain ({@code invalid-from} stream error otherwise, RFC 6120 §4.9.3.9; a missing {@code from} is
 * stamped with the domain, as Prosody does) and name a {@code to} ({@code bad-request} otherwise); it enters the
 * router as a trusted stanza in {@code jabber:client} ({@link Router#route}).
 */
final class InboundStanzas {
    private static final Logger LOG = LoggerFactory.getLogger(InboundStanzas.class);

    /** Ends the stream with a condition. */
    interface StreamFailure {
        void fail(StreamError condition, String text);
    }

    private final ComponentContext context;
    private final String domain;
    private final StreamFailure failure;
    private final Consumer<Element> reply;

    /** @param reply writes a stanza (in {@code jabber:client}) back to the component */
    InboundStanzas(ComponentContext context, String domain, StreamFailure failure, Consumer<Element> reply) {
        this.context = context;
        this.domain = domain;
        this.failure = failure;
        this.reply = reply;
    }

    void handle(Element e) {
        Stanza.Kind kind = Stanza.Kind.forElement(e.getName());
        if (kind == null || !ComponentElements.ACCEPT.equals(e.getNamespaceURI())) {
            failure.fail(StreamError.UNSUPPORTED_STANZA_TYPE, null); // RFC 6120 §4.9.3.24
            return;
        }
        AddressPreparer preparer = context.preparer();
        if (preparer == null) {
            failure.fail(StreamError.INTERNAL_SERVER_ERROR, "The server is not ready");
            return;
        }
        Element stanza = ComponentElements.toClient(e);
        Jid from = address(preparer, stanza.attributeValue("from"));
        if (stanza.attributeValue("from") == null) {
            from = Jid.ofPrepared(null, domain, null);
        }
        if (from == null || !from.domain().equals(domain)) {
            failure.fail(StreamError.INVALID_FROM, "Stanzas must come from " + domain + " or an address under it");
            return;
        }
        stanza.addAttribute("from", from.toString());
        String toText = stanza.attributeValue("to");
        Jid to = address(preparer, toText);
        if (to == null) {
            if (toText != null) {
                stanza.remove(stanza.attribute("to"));
            }
            bounce(Stanza.of(stanza, from, null), toText == null ? StanzaError.BAD_REQUEST : StanzaError.JID_MALFORMED);
            return;
        }
        stanza.addAttribute("to", to.toString());
        Stanza s = Stanza.of(stanza, from, to);
        Router router = context.router();
        if (router == null) {
            bounce(s, StanzaError.SERVICE_UNAVAILABLE);
            return;
        }
        try {
            router.route(s);
        } catch (RuntimeException ex) {
            LOG.warn("Router failed on {} from component {}", s, domain, ex);
            bounce(s, StanzaError.INTERNAL_SERVER_ERROR);
        }
    }

    private void bounce(Stanza request, StanzaError condition) {
        Stanza error = Stanzas.error(request, condition, null);
        if (error != null) {
            reply.accept(error.element());
        }
    }

    private static Jid address(AddressPreparer preparer, String text) {
        if (text == null) {
            return null;
        }
        try {
            return preparer.parse(text);
        } catch (JidFormatException | RuntimeException e) {
            return null;
        }
    }
}
