package parlance.xml;

import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;

/**
 * The {@code xml:lang} attribute (XML 1.0 §2.12, RFC 6120 §4.7.4, §8.1.5). Parsed elements carry it as
 * {@code lang} in the XML namespace, so {@code element.attributeValue("xml:lang")} does not find it; elements built
 * with {@code addAttribute("xml:lang", ...)} carry an unqualified name instead. {@link #of} reads either form.
 */
public final class XmlLang {
    /** The qualified name of {@code xml:lang}, as the parser produces it. */
    public static final QName QNAME = new QName("lang", Namespace.XML_NAMESPACE);

    private XmlLang() {
    }

    /** The {@code xml:lang} value on this element itself (not inherited), or {@code null}. */
    public static String of(Element element) {
        String value = element.attributeValue(QNAME);
        return value != null ? value : element.attributeValue("xml:lang");
    }
}
