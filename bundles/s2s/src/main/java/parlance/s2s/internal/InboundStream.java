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
 */
final class InboundStream extends S2sStream {
    private static final Logger LOG = LoggerFactory.getLogger(InboundStream.class);
    /** Authenticated "remote local" domain pairs. */
    private final Set<String> pairs = new HashSet<>();
    /** This stream's id; new at every restart (RFC 6120 §4.7.3), and the one dialback keys are bound to. */
    private String streamId;
    private String peer;
    private String local;

    InboundStream(S2sServices services) {
        super(services);
    }

    @Override
    public void streamOpened(StreamHeader header) {
        streamId = services.newStreamId();
        peer = header.from();
        local = header.to() == null ? services.domain : header.to();
        writeHeader(local, peer, streamId);
        if (!Namespaces.SERVER.equals(header.defaultNamespace())) {
            streamError(StreamError.INVALID_NAMESPACE);
        } else if (!services.isLocal(local)) {
            streamError(StreamError.HOST_UNKNOWN);
        } else {
            send(S2sElements.features(secured, externalAllowed()));
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
        } else if (S2sElements.is(e, S2sElements.DIALBACK, "result")) {
            result(e);
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
                if (ok) {
                    pairs.add(from + ' ' + to);
                    services.dialbackLogins.increment();
                    LOG.info("s2s stream {} -> {} authenticated by dialback", from, to);
                }
                send(S2sElements.dialback("result", to, from, null, ok ? "valid" : "invalid", null));
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
            pairs.add(peer + ' ' + local);
            services.externalLogins.increment();
            LOG.info("s2s stream {} -> {} authenticated by certificate (SASL EXTERNAL)", peer, local);
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
