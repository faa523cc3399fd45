package parlance.irc.internal;

import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/**
 * What a user registered with the gateway (XEP-0100 §4.1, XEP-0077 fields {@code nick} and {@code password}): the
 * IRC nickname and an optional password sent as the connection password (RFC 2812 §3.1.1 PASS, which many
 * networks hand on to NickServ). Stored as {@code <registration xmlns='urn:parlance:irc' nick='..' password='..'/>};
 * the element without {@code nick} records a removed registration.
 */
record Registration(String nick, String password) {
    static final String NS = "urn:parlance:irc";

    Registration {
        password = password == null ? "" : password;
    }

    Element toXml() {
        Element e = DocumentHelper.createElement(QName.get("registration", NS));
        e.addAttribute("nick", nick);
        if (!password.isEmpty()) {
            e.addAttribute("password", password);
        }
        return e;
    }

    /** The empty element that marks a removed registration (the store has no delete). */
    static Element removed() {
        return DocumentHelper.createElement(QName.get("registration", NS));
    }

    /** The registration in stored XML, or {@code null} for a removed one or unreadable text. */
    static Registration parse(String xml) {
        try {
            Element e = DocumentHelper.parseText(xml).getRootElement();
            String nick = e.attributeValue("nick");
            return nick == null || nick.isEmpty() ? null : new Registration(nick, e.attributeValue("password"));
        } catch (DocumentException e) {
            return null;
        }
    }
}
