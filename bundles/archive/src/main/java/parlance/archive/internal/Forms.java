package parlance.archive.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dom4j.Element;
import org.dom4j.QName;

/** Data forms (XEP-0004) as MAM uses them: the query form (XEP-0313 §4.1) and the submitted values. */
final class Forms {
    private Forms() {
    }

    /** {@code <x xmlns='jabber:x:data' type='form'>} with FORM_TYPE (XEP-0068) and the given fields. */
    static Element form(String formType, String[][] fields) {
        Element x = Ns.element("x", Ns.DATA).addAttribute("type", "form");
        x.addElement("field", Ns.DATA).addAttribute("var", "FORM_TYPE").addAttribute("type", "hidden")
                .addElement("value", Ns.DATA).setText(formType);
        for (String[] f : fields) {
            x.addElement("field", Ns.DATA).addAttribute("var", f[0]).addAttribute("type", f[1]);
        }
        return x;
    }

    /** The values of the first data form under {@code parent} by field name; empty when there is no form. */
    static Map<String, List<String>> values(Element parent) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Element form = parent.element(QName.get("x", Ns.DATA));
        if (form == null) {
            return values;
        }
        for (Element field : form.elements(QName.get("field", Ns.DATA))) {
            String var = field.attributeValue("var");
            if (var != null) {
                List<String> list = new ArrayList<>();
                for (Element v : field.elements(QName.get("value", Ns.DATA))) {
                    if (!v.getTextTrim().isEmpty()) {
                        list.add(v.getTextTrim());
                    }
                }
                values.put(var, list);
            }
        }
        return values;
    }

    /** The single value of a field, or {@code null}. */
    static String single(Map<String, List<String>> values, String var) {
        List<String> v = values.get(var);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
