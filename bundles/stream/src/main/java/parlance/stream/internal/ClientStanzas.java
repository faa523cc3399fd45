package parlance.stream.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.router.Router;
import parlance.api.session.BindException;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.api.stanza.StreamError;

/**
 * Stanzas of an authenticated stream: resource binding (RFC 6120 §7) and the legacy session IQ (RFC 3921 §3)
 * before the router; afterwards the {@code from} check and stamp (§8.1.2.1), {@code to} preparation (§8.1.1,
 * {@code jid-malformed} bounced to the sender) and hand-off to {@link Router#receive}.
 */
final class ClientStanzas {
    private static final Logger LOG = LoggerFactory.getLogger(ClientStanzas.class);
    private final StreamCore stream;
    private final StreamServices services;
    private StreamClientSession session;
    private String pingId;

    ClientStanzas(StreamCore stream) {
        this.stream = stream;
        this.services = stream.services;
    }

    void handle(Element e) {
        if (session == null) {
            if ("iq".equals(e.getName()) && child(e, Namespaces.BIND, "bind") != null) {
                bind(e);
            } else {
                stream.streamError(StreamError.NOT_AUTHORIZED, "Bind a resource first"); // RFC 6120 §7.1
            }
            return;
        }
        if (!session.outbox().inbound(stream)) {
            return; // XEP-0198 §5: another stream resumed this session; this one is being closed
        }
        String from = e.attributeValue("from");
        if (from != null && !from.equals(session.jid().toString()) && !acceptableFrom(from)) {
            stream.streamError(StreamError.INVALID_FROM, null); // RFC 6120 §8.1.2.1, §4.9.3.9
            return;
        }
        e.addAttribute("from", session.jid().toString());
        Jid to = null;
        String toText = e.attributeValue("to");
        if (toText != null) {
            try {
                to = services.preparer().parse(toText);
                e.addAttribute("to", to.toString());
            } catch (JidFormatException | RuntimeException ex) {
                e.remove(e.attribute("to"));
                bounce(Stanza.of(e, session.jid(), null), StanzaError.JID_MALFORMED); // RFC 6120 §8.3.3.8
                return;
            }
        }
        boolean toServer = to == null || to.equals(session.jid().domainJid());
        if (toServer && "iq".equals(e.getName()) && handleLocalIq(e)) {
            return;
        }
        Stanza stanza = Stanza.of(e, session.jid(), to);
        Router router = services.router();
        if (router == null) {
            bounce(stanza, StanzaError.SERVICE_UNAVAILABLE);
            return;
        }
        try {
            router.receive(session, stanza);
        } catch (RuntimeException ex) {
            LOG.warn("Router failed on {} from {}", stanza, session.jid(), ex);
            bounce(stanza, StanzaError.INTERNAL_SERVER_ERROR);
        }
    }

    /** The bound full address as text, or {@code null} before binding. */
    String boundJid() {
        return session == null ? null : session.jid().toString();
    }

    String newPingId() {
        pingId = "ping-" + services.newId(6);
        return pingId;
    }

    /** The bound session, or {@code null} before binding (or resumption). */
    StreamClientSession session() {
        return session;
    }

    /** XEP-0198 §5: this stream now carries a resumed session instead of binding one. */
    void adopt(StreamClientSession resumed) {
        session = resumed;
    }

    /**
     * The connection ended: the session leaves the session table (RFC 6120 §7), unless stream management holds it
     * for resumption ({@code endSession} false and resumption enabled, XEP-0198 §5).
     */
    void ended(boolean endSession) {
        StreamClientSession s = session;
        session = null;
        if (s != null) {
            s.outbox().connectionLost(stream, endSession);
        }
    }

    /** A stanza from the server itself (replies, pings): through the session's queue once bound (XEP-0198 counts it). */
    void sendToClient(Element stanza) {
        if (session != null) {
            session.deliver(Stanza.of(stanza, null, null));
        } else {
            stream.send(stanza);
            stream.flush();
        }
    }

    private boolean acceptableFrom(String from) {
        try {
            Jid jid = services.preparer().parse(from);
            return jid.equals(session.jid()) || jid.equals(session.jid().bare());
        } catch (JidFormatException | RuntimeException ex) {
            return false;
        }
    }

    /** IQs the stream layer answers itself: a second bind, the legacy session, the answer to our ping. */
    private boolean handleLocalIq(Element e) {
        String type = e.attributeValue("type");
        if (("result".equals(type) || "error".equals(type)) && pingId != null && pingId.equals(e.attributeValue("id"))) {
            return true; // XEP-0199 §4.2 pong
        }
        if (!"set".equals(type)) {
            return false;
        }
        Stanza request = Stanza.of(e, session.jid(), null);
        if (child(e, Namespaces.SESSION, "session") != null) {
            sendToClient(Stanzas.iqResult(request, null).element()); // RFC 3921 §3: empty result
            return true;
        }
        if (child(e, Namespaces.BIND, "bind") != null) {
            bounce(request, StanzaError.NOT_ALLOWED); // one resource per stream (RFC 6120 §7.7.2)
            return true;
        }
        return false;
    }

    /** RFC 6120 §7.6: binds the requested (prepared) or a server-generated resource. */
    private void bind(Element iq) {
        Stanza request = Stanza.of(iq, null, null);
        if (!"set".equals(iq.attributeValue("type"))) {
            bounce(request, StanzaError.BAD_REQUEST);
            return;
        }
        Element resourceElement = child(child(iq, Namespaces.BIND, "bind"), Namespaces.BIND, "resource");
        String requested = resourceElement == null ? "" : resourceElement.getTextTrim();
        String resource;
        String local;
        try {
            resource = requested.isEmpty() ? services.newId(8) : services.preparer().prepareResource(requested);
            local = services.preparer().prepareLocal(stream.username()); // idempotent on a prepared name
        } catch (JidFormatException | RuntimeException ex) {
            bounce(request, StanzaError.BAD_REQUEST); // §7.7.2.1
            return;
        }
        if (!stream.isActive() || stream.isClosing()) {
            return;
        }
        Jid jid = Jid.ofPrepared(local, services.domain, resource);
        StreamClientSession s = new StreamClientSession(jid, stream);
        SessionManager manager = services.sessions();
        try {
            if (manager == null) {
                throw new BindException(StanzaError.SERVICE_UNAVAILABLE, "no session manager");
            }
            manager.register(s);
        } catch (BindException ex) {
            bounce(request, ex.condition() == null ? StanzaError.CONFLICT : ex.condition()); // §7.7.2.2
            return;
        } catch (RuntimeException ex) {
            LOG.warn("Session manager failed to register {}", jid, ex);
            bounce(request, StanzaError.INTERNAL_SERVER_ERROR);
            return;
        }
        session = s;
        Element bind = DocumentHelper.createElement(QName.get("bind", Namespaces.BIND));
        bind.addElement(QName.get("jid", Namespaces.BIND)).setText(jid.toString());
        Element result = Stanzas.iqResult(Stanza.of(iq, jid, null), bind).element();
        stream.send(result);
        stream.flush();
        LOG.debug("{} bound {}", stream.remoteAddress(), jid);
    }

    private void bounce(Stanza request, StanzaError condition) {
        Stanza error = Stanzas.error(request, condition, null);
        if (error != null) {
            sendToClient(error.element());
        }
    }

    private static Element child(Element parent, String ns, String name) {
        return parent == null ? null : parent.element(QName.get(name, ns));
    }
}
