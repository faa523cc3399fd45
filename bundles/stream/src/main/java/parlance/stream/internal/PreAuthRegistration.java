package parlance.stream.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.api.stanza.StreamError;
import parlance.disco.Registration;
import parlance.disco.RegistrationException;

/**
 * In-band registration on a stream that has not authenticated (XEP-0077 §3.1): the {@code iq-register} stream
 * feature (§8) is offered only over TLS and only while a {@link Registration} service is present and open; a
 * {@code <iq type='get|set'><query xmlns='jabber:iq:register'/></iq>} is handed to that service and its outcome
 * written back as an IQ result or error on the event loop. Registration over an unencrypted stream is refused
 * (XEP-0077 §12; RFC 6120 §13.9.4 for the credentials it carries), and account creations per address are capped by
 * the {@link RegistrationLimiter} ({@code resource-constraint}). Reading pauses while a request is pending, so a
 * client may pipeline its {@code <auth/>} right after the registration.
 */
final class PreAuthRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(PreAuthRegistration.class);
    private final StreamCore stream;
    private final StreamServices services;

    PreAuthRegistration(StreamCore stream) {
        this.stream = stream;
        this.services = stream.services;
    }

    /** True for an IQ get or set carrying a {@code jabber:iq:register} query, the only stanza allowed before auth. */
    static boolean isRequest(Element e) {
        if (!"iq".equals(e.getName()) || !Namespaces.CLIENT.equals(e.getNamespaceURI())) {
            return false;
        }
        String type = e.attributeValue("type");
        return ("get".equals(type) || "set".equals(type)) && query(e) != null;
    }

    /** Whether to advertise the XEP-0077 §8 stream feature now. */
    boolean offered() {
        Registration r = services.registration();
        if (r == null || !stream.isSecure()) {
            return false;
        }
        try {
            return r.isOpen();
        } catch (RuntimeException e) {
            LOG.warn("Registration service failed", e);
            return false;
        }
    }

    void handle(Element iq) {
        Element query = query(iq);
        // Before authentication the client has no address; the reply comes from the server's domain.
        Jid to = iq.attributeValue("to") == null ? null : Jid.ofPrepared(null, services.domain, null);
        Stanza request = Stanza.of(iq, null, to);
        Stanza shell = Stanza.of(shell(iq), null, to); // errors echo the query without the password in it
        if (!stream.isSecure()) {
            reply(Stanzas.error(shell, StanzaError.NOT_AUTHORIZED, "Registration requires TLS: use STARTTLS first"));
            return;
        }
        Registration registration = services.registration();
        if (registration == null) {
            // XEP-0077 §3.1: a server without in-band registration answers service-unavailable.
            reply(Stanzas.error(shell, StanzaError.SERVICE_UNAVAILABLE, null));
            return;
        }
        String ip = stream.remoteIp();
        boolean slot = false;
        CompletionStage<Element> stage;
        try {
            if ("set".equals(iq.attributeValue("type")) && registration.isOpen()) {
                if (!services.registrations.tryAcquire(ip)) {
                    LOG.info("Refusing an in-band registration from {}: too many from this address", ip);
                    reply(Stanzas.error(shell, StanzaError.RESOURCE_CONSTRAINT,
                            "Too many registrations from your address; try again later"));
                    return;
                }
                slot = true;
            }
            stage = registration.handleUnauthenticated(query);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        boolean taken = slot;
        stream.suspend();
        stage.whenComplete((child, failure) -> {
            try {
                stream.onLoop(() -> completed(request, shell, taken, ip, child, failure));
            } catch (RejectedExecutionException e) {
                if (taken && failure != null) {
                    services.registrations.release(ip); // server shutting down
                }
            }
        });
    }

    private void completed(Stanza request, Stanza shell, boolean slot, String ip, Element child, Throwable failure) {
        try {
            if (slot && failure != null) {
                services.registrations.release(ip);
            }
            if (stream.isClosing()) {
                return;
            }
            if (failure == null) {
                if (slot) {
                    LOG.info("Account created in-band from {}", ip);
                }
                reply(Stanzas.iqResult(request, child));
            } else {
                StanzaError condition = RegistrationException.conditionOf(failure);
                if (condition == StanzaError.INTERNAL_SERVER_ERROR) {
                    LOG.warn("In-band registration failed for {}", stream.remoteAddress(), failure);
                }
                reply(Stanzas.error(shell, condition, RegistrationException.textOf(failure)));
            }
        } catch (RuntimeException e) {
            LOG.warn("In-band registration reply failed for {}", stream.remoteAddress(), e);
            stream.streamError(StreamError.INTERNAL_SERVER_ERROR, null);
        } finally {
            stream.resume();
        }
    }

    private void reply(Stanza reply) {
        if (reply != null) {
            stream.send(reply.element());
            stream.flush();
        }
    }

    private static Element query(Element iq) {
        return iq.element(QName.get("query", Namespaces.REGISTER));
    }

    /** The request with an empty query: what error replies carry (RFC 6120 §8.3.1), never the client's password. */
    private static Element shell(Element iq) {
        Element copy = Stanzas.newElement(Stanza.Kind.IQ);
        for (String name : new String[] {"id", "type"}) {
            if (iq.attributeValue(name) != null) {
                copy.addAttribute(name, iq.attributeValue(name));
            }
        }
        copy.addElement(QName.get("query", Namespaces.REGISTER));
        return copy;
    }
}
