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
 * (required, §5.4.2), then SASL EXTERNAL when the peer offers it (XEP-0178 §2) or Server Dialback (XEP-0220 §2.1:
 * {@code <db:result/>} with the key of {@link DialbackKey}); the same stream carries our {@code <db:verify/>}
 * requests (§2.1.2) as soon as TLS is up. Stanzas only ever flow outward on it.
 */
final class OutboundStream extends S2sStream {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundStream.class);
    private final OutboundLink link;
    private String streamId;
    private boolean externalTried;
    private boolean authenticated;

    OutboundStream(S2sServices services, OutboundLink link) {
        super(services);
        this.link = link;
    }

    @Override
    public void channelActive(io.netty.channel.ChannelHandlerContext ctx) throws Exception {
        writeHeader(link.local(), link.remote(), null);
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
        if (S2sElements.is(e, Namespaces.STREAMS, "features")) {
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
        } else if (S2sElements.is(e, S2sElements.DIALBACK, "result")) {
            if ("valid".equals(e.attributeValue("type"))) {
                authenticated = true;
                link.ready(this);
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
        // stanzas never come back on an outbound stream (RFC 6120 §4.2); anything else is ignored
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
            link.ready(this); // after SASL EXTERNAL
            return;
        }
        if (services.secure && !(services.tls.trusted(peerChain) && peerChain.length > 0
                && PeerIdentity.matches(peerChain[0], link.remote()))) {
            LOG.info("{}: certificate does not validate for the domain (secure s2s)", link.remote());
            failed(StanzaError.REMOTE_SERVER_NOT_FOUND, "untrusted certificate");
            streamError(StreamError.POLICY_VIOLATION);
            return;
        }
        link.streamUp(this);
        Element mechanisms = S2sElements.child(f, Namespaces.SASL, "mechanisms");
        if (mechanisms != null && !externalTried && offers(mechanisms, "EXTERNAL")) {
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
        writeHeader(link.local(), link.remote(), null);
    }

    @Override
    protected void failed(StanzaError condition, String why) {
        link.lost(this, condition, why);
    }
}
