package parlance.s2s.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.StreamError;
import parlance.xml.StreamHeader;

/**
 * The initiating side of one s2s stream (RFC 6120 §4.2) for a {@link OutboundLink}: stream header, STARTTLS
 * (required, §5.4.2), then SASL EXTERNAL when the peer offers it and our certificate went out in the TLS handshake
 * (XEP-0178 §2, §3), else Server Dialback (XEP-0220 §2.1:
 * {@code <db:result/>} with the key of {@link DialbackKey}); the same stream carries our {@code <db:verify/>}
 * requests (§2.1.2) as soon as TLS is up.
 * <p>XEP-0368: on a direct-TLS connection TLS is up before our header (no STARTTLS, §3 rule 5); an ALPN protocol
 * other than {@code xmpp-server} (rule 9) ends it. XEP-0288: when the receiving server offers
 * {@code urn:xmpp:features:bidi} after TLS (§2.1) we send {@code <bidi/>} before authenticating (§2.2) and, once
 * authenticated, accept stanzas from the remote domain to our local domain on this stream; without bidi stanzas
 * only ever flow outward on it (RFC 6120 §4.2).
 * <p>Every failure before authentication is reported to the link, which then tries its next candidate.
 */
final class OutboundStream extends S2sStream {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundStream.class);
    private final OutboundLink link;
    private String streamId;
    private boolean externalTried;
    private boolean authenticated;
    /** XEP-0368: TLS started on connect. */
    private final boolean directTls;
    /** XEP-0288: we asked for a bidirectional stream. */
    private boolean bidi;

    OutboundStream(S2sServices services, OutboundLink link) {
        this(services, link, false);
    }

    OutboundStream(S2sServices services, OutboundLink link, boolean directTls) {
        super(services);
        this.link = link;
        this.directTls = directTls;
    }

    @Override
    public void channelActive(io.netty.channel.ChannelHandlerContext ctx) throws Exception {
        if (!directTls) {
            writeHeader(link.local(), link.remote(), null); // direct TLS: after the handshake
        }
        super.channelActive(ctx);
    }

    @Override
    public void streamOpened(StreamHeader header) {
        streamId = header.id();
        if (!Namespaces.SERVER.equals(header.defaultNamespace())) {
            streamError(StreamError.INVALID_NAMESPACE);
        }
    }

    @Override
    public void element(Element e) {
        if (Namespaces.SERVER.equals(e.getNamespaceURI()) && parlance.api.stanza.Stanza.Kind.forElement(e.getName())
                != null) {
            stanza(e);
        } else if (S2sElements.is(e, Namespaces.STREAMS, "features")) {
            features(e);
        } else if (S2sElements.is(e, Namespaces.TLS, "proceed")) {
            if (!startTls(services.tls.client(), true, link.remote())) {
                failed(StanzaError.REMOTE_SERVER_NOT_FOUND, "no TLS certificate");
                close();
            }
        } else if (S2sElements.is(e, Namespaces.TLS, "failure")) {
            failed(StanzaError.REMOTE_SERVER_NOT_FOUND, "STARTTLS failed");
            close();
        } else if (S2sElements.is(e, Namespaces.SASL, "success")) {
            authenticated = true; // XEP-0178 §2 step 8: restart, the next features complete the stream
            parser.reset();
            writeHeader(link.local(), link.remote(), null);
        } else if (S2sElements.is(e, Namespaces.SASL, "failure")) {
            dialback();
        } else if (S2sElements.is(e, S2sElements.DIALBACK, "result") && e.attributeValue("type") == null) {
            // XEP-0288 §2.2: over a bidi stream the receiving server may ask to send for another of its domains
            // (dialback piggybacking); not supported yet, so refused without ending the stream
            send(S2sElements.dialback("result", e.attributeValue("to"), e.attributeValue("from"), null, "invalid",
                    null));
        } else if (S2sElements.is(e, S2sElements.DIALBACK, "verify") && e.attributeValue("type") == null) {
            // XEP-0220 §2.1.3 over a bidi stream: the peer asks us, the authoritative server, about a key
            String from = e.attributeValue("from");
            String to = e.attributeValue("to");
            String id = e.attributeValue("id");
            boolean valid = bidi && from != null && to != null && services.isLocal(to)
                    && services.keys.verify(from, to, id, e.getTextTrim());
            send(S2sElements.dialback("verify", to, from, id, valid ? "valid" : "invalid", null));
        } else if (S2sElements.is(e, S2sElements.DIALBACK, "result")) {
            if ("valid".equals(e.attributeValue("type"))) {
                authenticated = true;
                link.ready(this, BY_DIALBACK);
            } else {
                LOG.info("{} refused dialback from {}: {}", link.remote(), link.local(), e.asXML());
                failed(StanzaError.REMOTE_SERVER_NOT_FOUND, "dialback refused");
                close();
            }
        } else if (S2sElements.is(e, S2sElements.DIALBACK, "verify")) {
            link.verified(e.attributeValue("id"), e.attributeValue("from"), "valid".equals(e.attributeValue("type")));
        } else if (S2sElements.is(e, Namespaces.STREAMS, "error")) {
            LOG.info("{} ended the s2s stream: {}", link.remote(), e.asXML());
            failed(StanzaError.REMOTE_SERVER_NOT_FOUND, "stream error");
            close();
        }
        // anything else is ignored
    }

    /**
     * XEP-0288 §2.2: a stanza from the receiving server, allowed once we negotiated bidi and authenticated; it must
     * come from the domain we connected to (RFC 6120 §4.9.3.9 {@code invalid-from}) for our local domain
     * (§4.9.3.6 {@code host-unknown}). Without bidi, stanzas never come back on an outbound stream (§4.2).
     */
    private void stanza(Element e) {
        if (!bidi || !authenticated) {
            streamError(StreamError.UNSUPPORTED_STANZA_TYPE);
            return;
        }
        parlance.api.address.Jid from;
        parlance.api.address.Jid to;
        try {
            String f = e.attributeValue("from");
            String t = e.attributeValue("to");
            from = f == null ? null : services.preparer().parse(f);
            to = t == null ? null : services.preparer().parse(t);
        } catch (parlance.api.address.JidFormatException | RuntimeException ex) {
            streamError(StreamError.IMPROPER_ADDRESSING);
            return;
        }
        if (from == null || to == null) {
            streamError(StreamError.IMPROPER_ADDRESSING);
        } else if (!from.domain().equals(link.remote())) {
            streamError(StreamError.INVALID_FROM);
        } else if (!to.domain().equals(link.local())) {
            streamError(StreamError.HOST_UNKNOWN);
        } else {
            Element local = S2sElements.retarget(e, Namespaces.SERVER, Namespaces.CLIENT);
            services.router().route(parlance.api.stanza.Stanza.of(local, from, to));
            pause(services.limits.take(from.domain()));
        }
    }

    private void features(Element f) {
        if (!secured) {
            if (S2sElements.child(f, Namespaces.TLS, "starttls") == null) {
                failed(StanzaError.REMOTE_SERVER_NOT_FOUND, "peer offers no STARTTLS");
                streamError(StreamError.POLICY_VIOLATION);
                return;
            }
            send(S2sElements.tls("starttls"));
            return;
        }
        if (authenticated) {
            link.ready(this, BY_CERTIFICATE); // after SASL EXTERNAL
            return;
        }
        if (services.secure && !(services.tls.trusted(peerChain) && peerChain.length > 0
                && PeerIdentity.matches(peerChain[0], link.remote()))) {
            LOG.info("{}: certificate does not validate for the domain (secure s2s)", link.remote());
            failed(StanzaError.REMOTE_SERVER_NOT_FOUND, "untrusted certificate");
            streamError(StreamError.POLICY_VIOLATION);
            return;
        }
        if (services.bidi && !bidi && S2sElements.child(f, S2sElements.BIDI_FEATURE, "bidi") != null) {
            bidi = true; // XEP-0288 §2.2: before SASL or dialback
            LOG.info("s2s {} -> {}: requesting a bidirectional stream (XEP-0288)", link.local(), link.remote());
            send(S2sElements.bidi());
        }
        link.streamUp(this);
        Element mechanisms = S2sElements.child(f, Namespaces.SASL, "mechanisms");
        // XEP-0178 §3: EXTERNAL only when the peer has our certificate; else straight to dialback (XEP-0220)
        if (mechanisms != null && !externalTried && certificateSent && offers(mechanisms, "EXTERNAL")) {
            externalTried = true;
            Element auth = S2sElements.sasl("auth");
            auth.addAttribute("mechanism", "EXTERNAL");
            auth.setText(Base64.getEncoder().encodeToString(link.local().getBytes(StandardCharsets.UTF_8)));
            send(auth);
            return;
        }
        dialback();
    }

    private void dialback() {
        if (streamId == null) {
            streamError(StreamError.UNDEFINED_CONDITION);
            return;
        }
        String key = services.keys.generate(link.remote(), link.local(), streamId);
        send(S2sElements.dialback("result", link.local(), link.remote(), null, null, key));
    }

    private static boolean offers(Element mechanisms, String name) {
        for (Element m : mechanisms.elements()) {
            if (name.equals(m.getTextTrim())) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void tlsEstablished() {
        if (directTls) {
            LOG.info("s2s {} -> {}: direct TLS up (XEP-0368), ALPN {}", link.local(), link.remote(),
                    alpn == null || alpn.isEmpty() ? "none" : alpn);
        }
        if (directTls && alpn != null && !alpn.isEmpty() && !S2sTls.ALPN.equals(alpn)) {
            LOG.info("{}: direct TLS agreed on ALPN {}, not {}", link.remote(), alpn, S2sTls.ALPN);
            failed(StanzaError.REMOTE_SERVER_NOT_FOUND, "wrong ALPN protocol");
            close();
            return;
        }
        writeHeader(link.local(), link.remote(), null);
    }

    /** XEP-0288: whether the receiving server agreed to a bidirectional stream (diagnostics, tests). */
    boolean bidi() {
        return bidi;
    }

    @Override
    protected void failed(StanzaError condition, String why) {
        link.lost(this, condition, why);
    }
}
