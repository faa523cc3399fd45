package parlance.adhoc.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/** Data forms (XEP-0004) as the commands need them: building forms and results, reading submitted values. */
final class Forms {
    private Forms() {
    }

    /** A form of {@code type} (form, result) with the hidden FORM_TYPE of XEP-0133 and a title. */
    static Element form(String type, String title) {
        Element x = DocumentHelper.createElement(QName.get("x", Ns.DATA));
        x.addAttribute("type", type);
        x.addElement(QName.get("title", Ns.DATA)).setText(title);
        field(x, "FORM_TYPE", "hidden", null, false, List.of(Ns.ADMIN));
        return x;
    }

    /** Adds a field (XEP-0004 §3.2). */
    static Element field(Element form, String var, String type, String label, boolean required, List<String> values) {
        Element f = form.addElement(QName.get("field", Ns.DATA));
        f.addAttribute("var", var);
        f.addAttribute("type", type);
        if (label != null) {
            f.addAttribute("label", label);
        }
        if (required) {
            f.addElement(QName.get("required", Ns.DATA));
        }
        for (String v : values) {
            f.addElement(QName.get("value", Ns.DATA)).setText(v);
        }
        return f;
    }

    /** The values of a submitted form by field, in order; empty when there is no form. */
    static Map<String, List<String>> values(Element command) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Element x = command == null ? null : command.element(QName.get("x", Ns.DATA));
        if (x == null) {
            return out;
        }
        for (Element f : x.elements(QName.get("field", Ns.DATA))) {
            List<String> values = new ArrayList<>();
            for (Element v : f.elements(QName.get("value", Ns.DATA))) {
                values.add(v.getText());
            }
            out.put(f.attributeValue("var"), values);
        }
        return out;
    }

    static String first(Map<String, List<String>> values, String var) {
        List<String> v = values.get(var);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
