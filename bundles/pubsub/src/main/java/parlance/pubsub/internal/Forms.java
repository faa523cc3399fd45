package parlance.pubsub.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dom4j.Element;
import org.dom4j.QName;

/** Data forms (XEP-0004) as the service uses them: building forms and reading submitted values. */
final class Forms {
    private Forms() {
    }

    /** A new {@code <x xmlns='jabber:x:data' type='...'>} with a hidden FORM_TYPE (XEP-0068). */
    static Element form(String type, String formType) {
        Element x = Ns.element("x", Ns.DATA);
        x.addAttribute("type", type);
        if (formType != null) {
            field(x, "FORM_TYPE", "hidden", null, formType);
        }
        return x;
    }

    /** Adds a field with its values; returns it (to add options). */
    static Element field(Element form, String var, String type, String label, String... values) {
        Element field = form.addElement("field", Ns.DATA).addAttribute("var", var);
        if (type != null) {
            field.addAttribute("type", type);
        }
        if (label != null) {
            field.addAttribute("label", label);
        }
        for (String v : values) {
            field.addElement("value", Ns.DATA).setText(v);
        }
        return field;
    }

    static void options(Element field, List<String> values) {
        for (String v : values) {
            field.addElement("option", Ns.DATA).addElement("value", Ns.DATA).setText(v);
        }
    }

    /** The first data form child of {@code parent}, or {@code null}. */
    static Element find(Element parent) {
        return parent == null ? null : parent.element(QName.get("x", Ns.DATA));
    }

    /** The submitted values by field name (FORM_TYPE included). */
    static Map<String, List<String>> values(Element form) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (form == null) {
            return values;
        }
        for (Element field : form.elements(QName.get("field", Ns.DATA))) {
            String var = field.attributeValue("var");
            if (var == null) {
                continue;
            }
            List<String> list = new ArrayList<>();
            for (Element v : field.elements(QName.get("value", Ns.DATA))) {
                list.add(v.getText());
            }
            values.put(var, list);
        }
        return values;
    }

    /** The first value of a field, or {@code null}. */
    static String first(Map<String, List<String>> values, String var) {
        List<String> list = values.get(var);
        return list == null || list.isEmpty() ? null : list.get(0);
    }
}
