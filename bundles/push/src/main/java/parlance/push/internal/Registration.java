package parlance.push.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;

/**
 * One enabled app server (XEP-0357 §5): its address, the node, the publish-options form (or {@code null}) and
 * whether its form asked for message bodies (field {@code include-body}, true or 1; a Parlance extension).
 */
record Registration(Jid jid, String node, Element publishOptions) {

    boolean wantsBody() {
        if (publishOptions == null) {
            return false;
        }
        for (Element field : publishOptions.elements(QName.get("field", Ns.DATA))) {
            if ("include-body".equals(field.attributeValue("var"))) {
                String v = field.elementTextTrim(QName.get("value", Ns.DATA));
                return "true".equals(v) || "1".equals(v);
            }
        }
        return false;
    }

    boolean sameTarget(Jid otherJid, String otherNode) {
        return jid.equals(otherJid) && (otherNode == null || otherNode.equals(node));
    }

    Element toXml() {
        Element el = DocumentHelper.createElement(QName.get("enable", Ns.PUSH));
        el.addAttribute("jid", jid.toString());
        el.addAttribute("node", node);
        if (publishOptions != null) {
            el.add(publishOptions.createCopy());
        }
        return el;
    }
}
