package parlance.stream.internal;

import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.stanza.StanzaError;

/** Builders for the stream management nonzas of XEP-0198 (namespace {@value #NS}). */
final class SmElements {
    static final String NS = "urn:xmpp:sm:3";

    private SmElements() {
    }

    /** §4: {@code <r/>}. */
    static Element request() {
        return StreamElements.element("r", NS);
    }

    /** §4: {@code <a h=''/>}. */
    static Element ack(long h) {
        Element a = StreamElements.element("a", NS);
        a.addAttribute("h", Long.toString(h));
        return a;
    }

    /** §3: {@code <enabled/>}, with {@code id}, {@code resume} and {@code max} when resumable (§5). */
    static Element enabled(String id, int max) {
        Element e = StreamElements.element("enabled", NS);
        if (id != null) {
            e.addAttribute("id", id);
            e.addAttribute("resume", "true");
            e.addAttribute("max", Integer.toString(max));
        }
        return e;
    }

    /** §5: {@code <resumed previd='' h=''/>}. */
    static Element resumed(String previd, long h) {
        Element e = StreamElements.element("resumed", NS);
        e.addAttribute("previd", previd);
        e.addAttribute("h", Long.toString(h));
        return e;
    }

    /** §3, §5: {@code <failed><condition xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>}. */
    static Element failed(StanzaError condition) {
        Element e = StreamElements.element("failed", NS);
        e.addElement(QName.get(condition.condition(), StanzaError.NAMESPACE));
        return e;
    }

    /** §4: the application condition of the {@code undefined-condition} stream error for a too high {@code h}. */
    static Element handledCountTooHigh(long h, long sendCount) {
        Element e = StreamElements.element("handled-count-too-high", NS);
        e.addAttribute("h", Long.toString(h));
        e.addAttribute("send-count", Long.toString(sendCount));
        return e;
    }

    /** Parses an {@code h} attribute (unsigned 32-bit); -1 when missing or malformed. */
    static long parseH(Element e) {
        try {
            long h = Long.parseLong(e.attributeValue("h", ""));
            return h >= 0 && h < SmQueue.MOD ? h : -1;
        } catch (NumberFormatException ex) {
            return -1;
        }
    }
}
