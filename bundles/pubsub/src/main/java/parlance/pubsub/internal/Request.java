package parlance.pubsub.internal;

import java.util.function.Consumer;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * One IQ request to a service, from the PubSub domain or from an account's PEP handlers: the stanza, the
 * requester, the service address, and the way back. Errors carry the PubSub-specific conditions of XEP-0060 §7.1.3
 * and the others ({@code <precondition-not-met/>}, {@code <unsupported feature='...'/>}...).
 */
final class Request {
    final Stanza stanza;
    final Jid from;
    final Jid service;
    private final Consumer<Stanza> out;

    Request(Stanza stanza, Jid service, Consumer<Stanza> out) {
        this.stanza = stanza;
        this.from = stanza.from();
        this.service = service;
        this.out = out;
    }

    /** The same request whose replies {@code tap} sees first (to act once it succeeded). */
    Request observed(Consumer<Stanza> tap) {
        return new Request(stanza, service, reply -> {
            tap.accept(reply);
            out.accept(reply);
        });
    }

    Element payload() {
        return stanza.payload();
    }

    void result(Element child) {
        out.accept(Stanzas.iqResult(stanza, child));
    }

    void error(StanzaError condition) {
        error(condition, null, null);
    }

    void error(StanzaError condition, String pubsubCondition) {
        error(condition, pubsubCondition, null);
    }

    /** An error with an optional {@code pubsub#errors} condition and its {@code feature} (§7.1.3, §5.4). */
    void error(StanzaError condition, String pubsubCondition, String feature) {
        Stanza reply = Stanzas.error(stanza, condition, null);
        if (reply == null) {
            return;
        }
        if (pubsubCondition != null) {
            Element app = reply.element().element("error").addElement(QName.get(pubsubCondition, Ns.ERRORS));
            if (feature != null) {
                app.addAttribute("feature", feature);
            }
        }
        out.accept(reply);
    }

    /** {@code feature-not-implemented} with {@code <unsupported feature='...'/>} (XEP-0060 §7.1.3.4 and others). */
    void unsupported(String feature) {
        error(StanzaError.FEATURE_NOT_IMPLEMENTED, "unsupported", feature);
    }
}
