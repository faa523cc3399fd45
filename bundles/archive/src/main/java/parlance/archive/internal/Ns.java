package parlance.archive.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/** Namespaces of the protocols of this bundle, and a builder of namespaced elements. */
final class Ns {
    /** XEP-0313 Message Archive Management, namespace version 2. */
    static final String MAM = "urn:xmpp:mam:2";
    /** XEP-0313 §7.1: the before-id/after-id/ids form fields and flip-page. */
    static final String MAM_EXTENDED = "urn:xmpp:mam:2#extended";
    /** XEP-0359 Unique and Stable Stanza IDs. */
    static final String SID = "urn:xmpp:sid:0";
    /** XEP-0059 Result Set Management. */
    static final String RSM = "http://jabber.org/protocol/rsm";
    /** XEP-0297 Stanza Forwarding. */
    static final String FORWARD = "urn:xmpp:forward:0";
    /** XEP-0280 Message Carbons, namespace version 2. */
    static final String CARBONS = "urn:xmpp:carbons:2";
    /** XEP-0334 Message Processing Hints. */
    static final String HINTS = "urn:xmpp:hints";
    /** XEP-0004 Data Forms. */
    static final String DATA = "jabber:x:data";
    /** XEP-0085, XEP-0184, XEP-0333: IM payloads that make a bodiless message worth a carbon (XEP-0280 §6). */
    static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    static final String RECEIPTS = "urn:xmpp:receipts";
    static final String MARKERS = "urn:xmpp:chat-markers:0";
    /**
     * XEP-0353 Jingle Message Initiation: {@code urn:xmpp:jingle-message:0} (versions up to 0.3 and again from 0.6)
     * and {@code urn:xmpp:jingle-message:1} (0.4, 0.5). Its propose/ringing/proceed/accept/reject/retract/finish
     * messages are archived and carbon-copied (§3) so that a call rings, and stops ringing, on every device.
     */
    static final String JINGLE_MESSAGE = "urn:xmpp:jingle-message:0";
    static final String JINGLE_MESSAGE_1 = "urn:xmpp:jingle-message:1";

    private Ns() {
    }

    static Element element(String name, String namespace) {
        return DocumentHelper.createElement(QName.get(name, namespace));
    }
}
