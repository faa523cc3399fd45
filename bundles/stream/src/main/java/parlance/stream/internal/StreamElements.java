package parlance.stream.internal;

import java.util.Base64;
import java.util.List;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import parlance.api.auth.SaslMechanism;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;

/** Builders for the stream-level elements of RFC 6120: features, stream errors, STARTTLS and SASL replies. */
final class StreamElements {
    static final Namespace STREAM = Namespace.get("stream", Namespaces.STREAMS);
    /** XEP-0440: SASL channel-binding type capability. */
    static final String SASL_CB = "urn:xmpp:sasl-cb:0";
    /** XEP-0199. */
    static final String PING = Namespaces.PING;
    /** RFC 6121 §2.6.1: the roster versioning stream feature. */
    static final String ROSTER_VER = "urn:xmpp:features:rosterver";
    /** RFC 6121 §3.4.1: the subscription pre-approval stream feature. */
    static final String PRE_APPROVAL = "urn:xmpp:features:pre-approval";
    /** XEP-0077 §8: the in-band registration stream feature. */
    static final String IQ_REGISTER_FEATURE = "http://jabber.org/features/iq-register";

    private StreamElements() {
    }

    static Element element(String name, String namespace) {
        return DocumentHelper.createElement(QName.get(name, namespace));
    }

    /** RFC 6120 §4.9.2: {@code <stream:error><condition/><text/>?</stream:error>}. */
    static Element streamError(StreamError condition, String text) {
        Element error = DocumentHelper.createElement(QName.get("error", STREAM));
        error.addElement(QName.get(condition.condition(), StreamError.NAMESPACE));
        if (text != null) {
            Element t = error.addElement(QName.get("text", StreamError.NAMESPACE));
            t.addAttribute(QName.get("lang", Namespace.XML_NAMESPACE), "en");
            t.setText(text);
        }
        return error;
    }

    /** RFC 6120 §4.3.2 features before authentication: STARTTLS required (§5.3.1) or SASL mechanisms (§6.4.1). */
    static Element preAuthFeatures(boolean offerStartTls, List<SaslMechanism> mechanisms, List<String> cbTypes) {
        return preAuthFeatures(offerStartTls, mechanisms, cbTypes, false);
    }

    /** As above; {@code register} adds the XEP-0077 §8 in-band registration feature (never with STARTTLS). */
    static Element preAuthFeatures(boolean offerStartTls, List<SaslMechanism> mechanisms, List<String> cbTypes,
            boolean register) {
        Element features = DocumentHelper.createElement(QName.get("features", STREAM));
        if (offerStartTls) {
            features.addElement(QName.get("starttls", Namespaces.TLS)).addElement(QName.get("required", Namespaces.TLS));
            return features;
        }
        if (!mechanisms.isEmpty()) {
            Element mechs = features.addElement(QName.get("mechanisms", Namespaces.SASL));
            for (SaslMechanism m : mechanisms) {
                mechs.addElement(QName.get("mechanism", Namespaces.SASL)).setText(m.name());
            }
        }
        if (!cbTypes.isEmpty()) {
            Element cb = features.addElement(QName.get("sasl-channel-binding", SASL_CB));
            for (String type : cbTypes) {
                cb.addElement(QName.get("channel-binding", SASL_CB)).addAttribute("type", type);
            }
        }
        if (register) {
            features.addElement(QName.get("register", IQ_REGISTER_FEATURE));
        }
        return features;
    }

    /**
     * Features after SASL: resource binding (RFC 6120 §7.4), the optional legacy session (RFC 3921 §3), roster
     * versioning (RFC 6121 §2.6.1) and subscription pre-approval (RFC 6121 §3.4.1), both served by the IM layer,
     * stream management (XEP-0198 §2) and client state indication (XEP-0352 §4.1).
     */
    static Element boundFeatures() {
        Element features = DocumentHelper.createElement(QName.get("features", STREAM));
        features.addElement(QName.get("bind", Namespaces.BIND));
        features.addElement(QName.get("session", Namespaces.SESSION)).addElement(QName.get("optional",
                Namespaces.SESSION));
        features.addElement(QName.get("ver", ROSTER_VER));
        features.addElement(QName.get("sub", PRE_APPROVAL));
        features.addElement(QName.get("sm", SmElements.NS));
        features.addElement(QName.get("csi", CsiBuffer.NS));
        return features;
    }

    /** RFC 6120 §6.4.2 / §6.4.6: {@code <challenge/>} or {@code <success/>} with base64 data. */
    static Element saslData(String name, byte[] data) {
        Element e = element(name, Namespaces.SASL);
        if (data != null) {
            e.setText(data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data));
        }
        return e;
    }

    /** RFC 6120 §6.4.5: {@code <failure><condition/></failure>}. */
    static Element saslFailure(String condition) {
        Element e = element("failure", Namespaces.SASL);
        e.addElement(QName.get(condition, Namespaces.SASL));
        return e;
    }

    /**
     * Decodes the base64 content of {@code auth} or {@code response} (RFC 6120 §6.4.2): {@code null} for an
     * empty element (no data), an empty array for {@code =}.
     *
     * @throws IllegalArgumentException when the text is not base64 ({@code incorrect-encoding}, §6.5.2)
     */
    static byte[] saslDecode(Element e) {
        String text = e.getText().replaceAll("\\s", "");
        if (text.isEmpty()) {
            return null;
        }
        if ("=".equals(text)) {
            return new byte[0];
        }
        return Base64.getDecoder().decode(text);
    }

    /** XEP-0199 §4.2: a server-to-client ping. */
    static Element ping(String id, String from, String to) {
        Element iq = element("iq", Namespaces.CLIENT);
        iq.addAttribute("type", "get");
        iq.addAttribute("id", id);
        iq.addAttribute("from", from);
        iq.addAttribute("to", to);
        iq.addElement(QName.get("ping", PING));
        return iq;
    }
}
