package parlance.stream.internal;

import org.dom4j.Element;
import parlance.api.address.JidFormatException;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.StreamError;

/**
 * The stream management (XEP-0198) and client state (XEP-0352) nonzas of one stream, after authentication:
 * {@code <enable/>} once a resource is bound (§3), {@code <resume/>} instead of binding (§5), {@code <r/>} and
 * {@code <a/>} (§4), {@code <active/>} and {@code <inactive/>}. The queue and counters live in the session's
 * {@link Outbox}, which outlives the stream when the session is held. Runs on the stream's thread.
 */
final class StreamManagement {
    private final StreamCore stream;
    private final ClientStanzas stanzas;
    private boolean enabled;

    StreamManagement(StreamCore stream, ClientStanzas stanzas) {
        this.stream = stream;
        this.stanzas = stanzas;
    }

    void handle(Element e) {
        StreamClientSession session = stanzas.session();
        if (CsiBuffer.NS.equals(e.getNamespaceURI())) {
            boolean inactive = "inactive".equals(e.getName());
            if (!inactive && !"active".equals(e.getName())) {
                stream.streamError(StreamError.UNSUPPORTED_STANZA_TYPE, null);
            } else if (session != null) {
                session.outbox().inactive(stream, inactive); // before binding there is nothing to filter
            }
            return;
        }
        switch (e.getName()) {
            case "enable":
                enable(e, session);
                break;
            case "resume":
                resume(e, session);
                break;
            case "r":
                if (enabled) {
                    stream.send(SmElements.ack(session.outbox().inboundCount()));
                    stream.flush();
                }
                break;
            case "a":
                if (enabled) {
                    ack(e, session);
                }
                break;
            default:
                stream.streamError(StreamError.UNSUPPORTED_STANZA_TYPE, null);
        }
    }

    /** §3: only once, only with a bound resource; {@code resume='true'} asks for a resumable session (§5). */
    private void enable(Element e, StreamClientSession session) {
        if (session == null || enabled) {
            failed(StanzaError.UNEXPECTED_REQUEST);
            return;
        }
        String resume = e.attributeValue("resume");
        int max = 0;
        try {
            max = Integer.parseInt(e.attributeValue("max", "0"));
        } catch (NumberFormatException ex) {
            max = 0;
        }
        Outbox outbox = session.outbox();
        String id = outbox.enable("true".equals(resume) || "1".equals(resume), max);
        enabled = true;
        stream.send(SmElements.enabled(id, outbox.resumeSeconds()));
        stream.flush();
        outbox.pump(stream); // what waited is counted from here on
    }

    /** §5: after authentication, instead of binding; only the account that owned the session may resume it. */
    private void resume(Element e, StreamClientSession current) {
        if (stream.username() == null || current != null || enabled) {
            failed(StanzaError.UNEXPECTED_REQUEST);
            return;
        }
        long h = SmElements.parseH(e);
        if (h < 0) {
            failed(StanzaError.BAD_REQUEST);
            return;
        }
        String previd = e.attributeValue("previd");
        Outbox outbox = stream.services.resumptions.get(previd);
        if (outbox == null || !sameAccount(outbox.session())) {
            failed(StanzaError.ITEM_NOT_FOUND);
            return;
        }
        switch (outbox.resume(stream, h)) {
            case GONE:
                failed(StanzaError.ITEM_NOT_FOUND);
                return;
            case COUNT_TOO_HIGH:
                stream.streamErrorWith(StreamError.UNDEFINED_CONDITION, SmElements.handledCountTooHigh(h, outbox.sentCount()));
                return;
            default:
                break;
        }
        stanzas.adopt(outbox.session());
        enabled = true;
        stream.send(SmElements.resumed(previd, outbox.inboundCount()));
        stream.flush();
        outbox.pump(stream); // everything unacknowledged, in order, then what came while held
    }

    private boolean sameAccount(StreamClientSession session) {
        try {
            String local = stream.services.preparer().prepareLocal(stream.username());
            return local.equals(session.jid().local());
        } catch (JidFormatException | RuntimeException ex) {
            return false;
        }
    }

    private void ack(Element e, StreamClientSession session) {
        long h = SmElements.parseH(e);
        if (h < 0) {
            stream.streamError(StreamError.BAD_FORMAT, null);
        } else if (!session.outbox().acked(stream, h)) {
            stream.streamErrorWith(StreamError.UNDEFINED_CONDITION,
                    SmElements.handledCountTooHigh(h, session.outbox().sentCount()));
        }
    }

    private void failed(StanzaError condition) {
        stream.send(SmElements.failed(condition));
        stream.flush();
    }
}
