package parlance.s2s.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;
import parlance.xml.StreamHeader;

/**
 * The receiving side of one s2s stream (RFC 6120 §4.2). Offers STARTTLS as required (§5.3.1) and, once TLS is up,
 * Server Dialback (XEP-0220 §2.4) and SASL EXTERNAL when the peer's certificate validates for the domain in the
 * header's {@code from} (XEP-0178 §2). A {@code <db:result/>} is checked by asking the claimed domain over our
 * outbound stream ({@code <db:verify/>}, §2.1.2); a {@code <db:verify/>} is answered as the authoritative server
 * (§2.1.3). Stanzas are accepted only from an authenticated domain ({@code invalid-from}, §4.9.3.9) to a local
 * domain it authenticated for ({@code host-unknown}, §4.9.3.6), and go to the router as {@code jabber:client}.
 * <p>XEP-0288: {@code <bidi xmlns='urn:xmpp:features:bidi'/>} is offered (§2.1, before and after TLS); once the
 * peer sent {@code <bidi xmlns='urn:xmpp:bidi'/>} after TLS (§2.2), every pair it authenticates lets us send over
 * this stream too, {@link Outbound#bidi}: from the stream's {@code to} to its {@code from} after SASL, from
 * {@code to} to {@code from} of each valid dialback request. Our dialback checks still go over a connection of
 * our own, never the stream the request came on (§2.2).
 * <p>XEP-0368: on the direct-TLS listener TLS is up before the header; the SNI name stands for a missing
 * {@code to}. XEP-0205 §3: one remote domain holds at most {@code max.connections.per.domain} streams, and reading
 * pauses when it sends faster than {@code stanza.rate} ({@link DomainLimits}).
 */
final class InboundStream extends S2sStream {
    private static final Logger LOG = LoggerFactory.getLogger(InboundStream.class);
    /** Authenticated "remote local" domain pairs. */
    private final Set<String> pairs = new HashSet<>();
    /** This stream's id; new at every restart (RFC 6120 §4.7.3), and the one dialback keys are bound to. */
    private String streamId;
    private String peer;
    private String local;
    /** XEP-0288: the peer asked for a bidirectional stream. */
    private boolean bidi;
    /** The domain counted against its connection limit (released when the stream ends). */
    private String counted;

    InboundStream(S2sServices services) {
        super(services);
    }

    @Override
    public void streamOpened(StreamHeader header) {
        streamId = services.newStreamId();
        peer = header.from();
        local = header.to() != null ? header.to() : sni != null ? sni : services.domain;
        writeHeader(local, peer, streamId);
        if (!Namespaces.SERVER.equals(header.defaultNamespace())) {
            streamError(StreamError.INVALID_NAMESPACE);
        } else if (!services.isLocal(local)) {
            streamError(StreamError.HOST_UNKNOWN);
        } else {
            send(S2sElements.withBidi(S2sElements.features(secured, externalAllowed()), services.bidi && !bidi));
            shareBidi(); // after SASL EXTERNAL, the restarted stream is where we may start (XEP-0288 §3, example 1)
        }
    }

    private boolean externalAllowed() {
        return secured && peer != null && peerChain.length > 0 && !pairs.contains(peer + ' ' + local)
                && services.tls.trusted(peerChain) && PeerIdentity.matches(peerChain[0], peer);
    }

    @Override
    public void element(Element e) {
        if (Namespaces.SERVER.equals(e.getNamespaceURI()) && Stanza.Kind.forElement(e.getName()) != null) {
            stanza(e);
        } else if (S2sElements.is(e, S2sElements.DIALBACK, "result") && e.attributeValue("type") != null) {
            // an answer to a request we never made on this stream (XEP-0288 §4): proves nothing, ignored
            LOG.debug("{}: ignoring unsolicited {}", peer, e.asXML());
        } else if (S2sElements.is(e, S2sElements.DIALBACK, "result")) {
            result(e);
        } else if (S2sElements.is(e, S2sElements.BIDI, "bidi") && services.bidi) {
            enableBidi();
        } else if (S2sElements.is(e, S2sElements.DIALBACK, "verify")) {
            verify(e);
        } else if (S2sElements.is(e, Namespaces.TLS, "starttls") && !secured) {
            send(S2sElements.tls("proceed"));
            if (!startTls(services.tls.server(), false, null)) {
                close();
            }
        } else if (S2sElements.is(e, Namespaces.SASL, "auth")) {
            external(e);
        } else if (S2sElements.is(e, Namespaces.STREAMS, "error")) {
            LOG.info("{} ended its s2s stream: {}", peer, e.asXML());
            close();
        } else {
            streamError(StreamError.UNSUPPORTED_STANZA_TYPE);
        }
    }

    /** XEP-0220 §2.1.1/§2.1.2: the peer claims {@code from}; we ask that domain whether the key is its own. */
    private void result(Element e) {
        String from = e.attributeValue("from");
        String to = e.attributeValue("to");
        if (!secured) {
            streamError(StreamError.POLICY_VIOLATION); // STARTTLS is required first (RFC 6120 §5.3.1)
            return;
        }
        if (from == null || to == null || !services.isLocal(to)) {
            send(S2sElements.dialback("result", to, from, null, "invalid", null));
            return;
        }
        if (services.secure && !(services.tls.trusted(peerChain) && peerChain.length > 0
                && PeerIdentity.matches(peerChain[0], from))) {
            LOG.info("Refusing dialback from {}: its certificate does not validate (secure s2s)", from);
            send(S2sElements.dialback("result", to, from, null, "invalid", null));
            return;
        }
        String id = streamId;
        services.outbound().verify(to, from, id, e.getTextTrim()).whenComplete((valid, failure) -> {
            boolean ok = Boolean.TRUE.equals(valid);
            ctx.executor().execute(() -> {
                if (ok && !authenticated(from, to)) {
                    return;
                } else if (ok) {
                    services.dialbackLogins.increment();
                    LOG.info("s2s stream {} -> {} authenticated {}", from, to, BY_DIALBACK);
                }
                send(S2sElements.dialback("result", to, from, null, ok ? "valid" : "invalid", null));
                shareBidi();
            });
        });
    }

    /** XEP-0220 §2.1.3: we are the authoritative server for {@code to}; was the key ours? */
    private void verify(Element e) {
        String from = e.attributeValue("from");
        String to = e.attributeValue("to");
        String id = e.attributeValue("id");
        boolean valid = from != null && to != null && services.isLocal(to)
                && services.keys.verify(from, to, id, e.getTextTrim());
        send(S2sElements.dialback("verify", to, from, id, valid ? "valid" : "invalid", null));
    }

    /** XEP-0178 §2: SASL EXTERNAL with the certificate; authzid absent or the header's {@code from}. */
    private void external(Element auth) {
        String authzid = auth.getTextTrim();
        String claimed = authzid.isEmpty() || authzid.equals("=") ? peer
                : new String(Base64.getDecoder().decode(authzid), StandardCharsets.UTF_8);
        if ("EXTERNAL".equals(auth.attributeValue("mechanism")) && externalAllowed() && claimed.equals(peer)) {
            if (!authenticated(peer, local)) {
                return;
            }
            services.externalLogins.increment();
            LOG.info("s2s stream {} -> {} authenticated {}", peer, local, BY_CERTIFICATE);
            send(S2sElements.sasl("success"));
            parser.reset(); // RFC 6120 §6.4.6: the stream restarts
        } else {
            Element failure = S2sElements.sasl("failure");
            failure.addElement(org.dom4j.QName.get("not-authorized", failure.getNamespace()));
            send(failure);
        }
    }

    private void stanza(Element e) {
        Jid from;
        Jid to;
        try {
            String f = e.attributeValue("from");
            String t = e.attributeValue("to");
            from = f == null ? null : services.preparer().parse(f);
            to = t == null ? null : services.preparer().parse(t);
        } catch (JidFormatException | RuntimeException ex) {
            streamError(StreamError.IMPROPER_ADDRESSING);
            return;
        }
        if (pairs.isEmpty()) {
            streamError(StreamError.NOT_AUTHORIZED); // RFC 6120 §4.9.3.12: nothing authenticated yet
        } else if (from == null || to == null) {
            streamError(StreamError.IMPROPER_ADDRESSING); // RFC 6120 §8.1.1.1, §8.1.2.1
        } else if (!authenticatedRemote(from.domain())) {
            streamError(StreamError.INVALID_FROM);
        } else if (!pairs.contains(from.domain() + ' ' + to.domain())) {
            streamError(StreamError.HOST_UNKNOWN);
        } else {
            Element local = S2sElements.retarget(e, Namespaces.SERVER, Namespaces.CLIENT);
            services.router().route(Stanza.of(local, from, to));
            pause(services.limits.take(from.domain()));
        }
    }

    /** XEP-0288 §2.2: the connecting server asked for bidi; TLS must be up first (§2.1). */
    private void enableBidi() {
        if (!secured) {
            streamError(StreamError.POLICY_VIOLATION);
            return;
        }
        bidi = true;
        shareBidi();
    }

    /**
     * With bidi, each authenticated pair ("remote local") lets us send from local to remote on this stream (§2.2);
     * called once the peer can take stanzas: after our valid dialback answer, after the SASL restart.
     */
    private void shareBidi() {
        if (!bidi) {
            return;
        }
        for (String pair : pairs) {
            int space = pair.indexOf(' ');
            services.outbound().bidi(pair.substring(space + 1), pair.substring(0, space), this);
        }
    }

    /**
     * {@code remote} may send to {@code to} (and, with bidi, we from {@code to} to {@code remote}, §2.2). The first
     * authentication counts the stream against its domain's connection limit (counting earlier would let anyone
     * use up another domain's streams): over it, false and the stream ends with {@code policy-violation}.
     */
    private boolean authenticated(String remote, String to) {
        if (counted == null) {
            if (!services.limits.open(remote)) {
                LOG.info("Refusing another s2s stream from {}: connection limit reached (XEP-0205)", remote);
                streamError(StreamError.POLICY_VIOLATION);
                return false;
            }
            counted = remote;
        }
        pairs.add(remote + ' ' + to);
        return true;
    }

    @Override
    protected void failed(parlance.api.stanza.StanzaError condition, String why) {
        services.outbound().unbidi(this);
        if (counted != null) {
            services.limits.closed(counted);
            counted = null;
        }
    }

    private boolean authenticatedRemote(String domain) {
        for (String p : pairs) {
            if (p.startsWith(domain + ' ')) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void tlsEstablished() {
        // the peer restarts the stream: its new header arrives next (RFC 6120 §5.4.3.3)
    }
}
