package parlance.disco.internal;

import java.util.Set;
import java.util.TreeSet;
import org.dom4j.Element;
import parlance.api.stanza.Namespaces;

/** Writes the {@code <feature var='...'/>} list of a disco#info result (XEP-0030 §3.1). */
final class DiscoFeatures {
    private DiscoFeatures() {
    }

    /** Adds disco#info and disco#items (XEP-0030 §3.1: every entity supports them) and {@code published}. */
    static void add(Element query, Set<String> published) {
        Set<String> features = new TreeSet<>(published);
        features.add(Namespaces.DISCO_INFO);
        features.add(Namespaces.DISCO_ITEMS);
        for (String var : features) {
            query.addElement("feature", Namespaces.DISCO_INFO).addAttribute("var", var);
        }
    }
}
