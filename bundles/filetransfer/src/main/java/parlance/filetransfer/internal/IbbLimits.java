package parlance.filetransfer.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionListener;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * Server limits on In-Band Bytestreams (XEP-0047 2.0.1) that local clients route through the server, applied by
 * {@link IbbOutbound} and {@link IbbOwnAccount} before the router delivers them (configuration PID
 * {@code parlance.filetransfer}, applied live):
 * <ul>
 * <li>§2.1: an {@code <open/>} whose {@code block-size} exceeds {@code ibb.max.block.size} is refused with
 * {@code <resource-constraint/>} of type {@code modify} (the responder's answer in §2.1 when it prefers smaller
 * chunks), so that the initiator may open again with a smaller size; a {@code <data/>} chunk larger than that gets
 * the same answer.</li>
 * <li>an {@code <open/>} beyond {@code ibb.max.sessions} bytestreams of the initiating user is refused with
 * {@code <resource-constraint/>} of type {@code wait} (RFC 6120 §8.3.3.18: retry when resources free up).</li>
 * <li>§5 Usage Guidelines ("a server MAY rate limit a connection, depending on the size and frequency of data
 * packets"): the {@code <data/>} a sender (full JID) sends, in IQs (§2.2) or messages (§4), draw on a token bucket of
 * {@code ibb.bytes.per.second} with a burst of {@code ibb.burst.bytes}. A chunk beyond it is not routed and its
 * sender gets {@code <resource-constraint/>} of type {@code wait}; the server holds nothing back (no buffering for
 * a flooding client). By §2.2 the sender then considers the bytestream closed: a client that waits for each
 * acknowledgement, as §2.2 recommends "in order to minimize possible rate-limiting penalties", and keeps under the
 * rate is never refused.</li>
 * </ul>
 * Errors are built without the refused payload (a data chunk is not echoed back). The limits leave with this bundle.
 */
@Component(service = {IbbLimits.class, SessionListener.class}, configurationPid = ProxyConfig.PID)
public class IbbLimits implements SessionListener {
    static final String NAMESPACE = "http://jabber.org/protocol/ibb";

    private final Map<Jid, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private volatile Settings settings;
    private volatile IbbSessions sessions;

    /** The effective limits of one configuration. */
    record Settings(long bytesPerSecond, long burst, int maxBlockSize, int maxSessions, long idleNanos) {
        static Settings of(ProxyConfig c) {
            long rate = Math.max(0, c.ibb_bytes_per_second());
            int block = c.ibb_max_block_size() <= 0 ? 65535 : c.ibb_max_block_size();
            return new Settings(rate, Math.max(Math.max(c.ibb_burst_bytes(), rate), block), block,
                    Math.max(0, c.ibb_max_sessions()), TimeUnit.SECONDS.toNanos(Math.max(1, c.idle_timeout_seconds())));
        }
    }

    public IbbLimits() {
        this(System::nanoTime);
    }

    IbbLimits(LongSupplier clock) {
        this.clock = clock;
    }

    @Activate
    @Modified
    void configure(ProxyConfig config) {
        configure(Settings.of(config));
    }

    void configure(Settings s) {
        settings = s;
        sessions = new IbbSessions(s.maxSessions(), s.idleNanos());
        buckets.clear();
    }

    /**
     * Applies the limits to a stanza a local client sends; returns {@code true} when it was refused (the sender has
     * its error and the stanza must not be routed), {@code false} when routing goes on.
     */
    boolean refuse(HandlerContext ctx) {
        Stanza stanza = ctx.stanza();
        ClientSession origin = ctx.origin();
        Jid from = stanza.from();
        Jid to = stanza.to();
        if (origin == null || from == null || to == null) {
            return false;
        }
        if (stanza.isError()) {
            if (stanza.isIq() && stanza.id() != null) {
                sessions.refused(from, to, stanza.id()); // §2.1: the responder refused an open (or anything else)
            }
            return false;
        }
        Element ibb = ibbElement(stanza);
        if (ibb == null) {
            return false;
        }
        Settings s = settings;
        long now = clock.getAsLong();
        String sid = ibb.attributeValue("sid", "");
        switch (ibb.getName()) {
            case "open":
                if (!stanza.isIqRequest()) {
                    return false;
                }
                if (blockSize(ibb) > s.maxBlockSize()) {
                    return answer(origin, stanza, "modify", "block-size larger than " + s.maxBlockSize());
                }
                if (!sessions.open(from, to, sid, stanza.id(), now)) {
                    return answer(origin, stanza, "wait", "too many in-band bytestreams open (at most "
                            + s.maxSessions() + ")");
                }
                return false;
            case "data":
                long bytes = decodedLength(ibb.getText());
                if (bytes > s.maxBlockSize()) {
                    return answer(origin, stanza, "modify", "chunk larger than " + s.maxBlockSize() + " bytes");
                }
                if (s.bytesPerSecond() > 0 && !buckets.computeIfAbsent(from,
                        f -> new TokenBucket(s.bytesPerSecond(), s.burst(), now)).take(bytes, now)) {
                    return answer(origin, stanza, "wait", "in-band bytestream rate above " + s.bytesPerSecond()
                            + " bytes per second");
                }
                sessions.touch(from, to, sid, now);
                return false;
            case "close":
                sessions.close(from, to, sid);
                return false;
            default:
                return false;
        }
    }

    @Override
    public void sessionClosed(ClientSession session) {
        Jid jid = session.jid();
        if (jid != null) {
            buckets.remove(jid);
            sessions.sessionEnded(jid);
        }
    }

    /** Bytestreams the user {@code bare} has open (tests). */
    int openStreams(Jid bare) {
        return sessions.open(bare);
    }

    /** The IBB element of an IQ (its payload) or of a message (§4: a {@code <data/>} child), or {@code null}. */
    static Element ibbElement(Stanza stanza) {
        if (stanza.isIq()) {
            Element payload = stanza.payload();
            return payload != null && NAMESPACE.equals(payload.getNamespaceURI()) ? payload : null;
        }
        if (stanza.kind() == Stanza.Kind.MESSAGE) {
            return stanza.element().element(QName.get("data", NAMESPACE));
        }
        return null;
    }

    /** §2.1: the block-size attribute (a 16-bit value); a missing or malformed one is left to the responder. */
    static long blockSize(Element open) {
        try {
            return Long.parseLong(open.attributeValue("block-size", "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Bytes that base64 text (§2.2, RFC 4648 §4) decodes to, without decoding it. */
    static long decodedLength(String base64) {
        long chars = 0;
        long pad = 0;
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (c == '=') {
                pad++;
            } else if (!Character.isWhitespace(c)) {
                chars++;
            }
        }
        long total = chars + pad;
        long rest = total % 4; // unpadded input: 2 or 3 trailing characters carry 1 or 2 bytes
        return Math.max(0, total / 4 * 3 - pad + (rest == 0 ? 0 : rest - 1));
    }

    /**
     * Answers {@code stanza} with {@code <resource-constraint/>} of {@code type} (RFC 6120 §8.3.3.18), without its
     * payload, and refuses it.
     */
    private static boolean answer(ClientSession origin, Stanza stanza, String type, String text) {
        Element reply = Stanzas.newElement(stanza.kind());
        reply.addAttribute("type", "error");
        if (stanza.id() != null) {
            reply.addAttribute("id", stanza.id());
        }
        reply.addAttribute("from", stanza.to().toString());
        reply.addAttribute("to", stanza.from().toString());
        Element error = Stanzas.errorElement(StanzaError.RESOURCE_CONSTRAINT, text);
        error.addAttribute("type", type);
        reply.add(error);
        origin.deliver(Stanza.of(reply, stanza.to(), stanza.from()));
        return true;
    }
}
