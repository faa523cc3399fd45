package parlance.archive.internal;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.dom4j.Element;
import org.dom4j.QName;

/**
 * An account's archiving preferences (XEP-0313 §6.2): a default ({@code always}, {@code never} or {@code roster}:
 * only contacts in the roster) and addresses (bare or full, as strings in prepared form) that are always or never
 * archived. {@code never} wins over {@code always} for an address in both. A value; parsed and written as the
 * protocol's own {@code <prefs/>} element, which is also how it is stored.
 */
record Prefs(Mode mode, Set<String> always, Set<String> never) {
    /** The {@code default} attribute. */
    enum Mode {
        ALWAYS, NEVER, ROSTER;

        String xml() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode of an attribute value, or {@code null} when it is none of the three. */
        static Mode of(String value) {
            if (value == null) {
                return null;
            }
            for (Mode m : values()) {
                if (m.xml().equals(value.trim())) {
                    return m;
                }
            }
            return null;
        }
    }

    Prefs {
        always = Collections.unmodifiableSet(new LinkedHashSet<>(always));
        never = Collections.unmodifiableSet(new LinkedHashSet<>(never));
    }

    static Prefs of(Mode mode) {
        return new Prefs(mode, Set.of(), Set.of());
    }

    /**
     * The decision for a conversation partner, without the roster: {@code TRUE} archive, {@code FALSE} do not, or
     * {@code null} when it depends on whether the partner's bare address is in the roster. A full address in a list
     * matches only itself, a bare one every resource under it (as the query's {@code with} does, §4.1.1).
     */
    Boolean decide(String with) {
        String bare = bare(with);
        if (never.contains(with) || never.contains(bare)) {
            return Boolean.FALSE;
        }
        if (always.contains(with) || always.contains(bare)) {
            return Boolean.TRUE;
        }
        switch (mode) {
            case ALWAYS:
                return Boolean.TRUE;
            case NEVER:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    static String bare(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    /** The {@code <prefs/>} element of §6.2 (lists always present, possibly empty, as in the examples). */
    Element toXml() {
        Element prefs = Ns.element("prefs", Ns.MAM);
        prefs.addAttribute("default", mode.xml());
        list(prefs.addElement("always", Ns.MAM), always);
        list(prefs.addElement("never", Ns.MAM), never);
        return prefs;
    }

    private static void list(Element parent, Set<String> jids) {
        for (String jid : jids) {
            parent.addElement("jid", Ns.MAM).setText(jid);
        }
    }

    /**
     * Reads a {@code <prefs/>} element; addresses are passed through {@code prepare}, which throws
     * {@link IllegalArgumentException} for an invalid one.
     *
     * @throws IllegalArgumentException for a missing or unknown {@code default} or an invalid address
     */
    static Prefs fromXml(Element prefs, java.util.function.UnaryOperator<String> prepare) {
        Mode mode = Mode.of(prefs.attributeValue("default"));
        if (mode == null) {
            throw new IllegalArgumentException("default must be always, never or roster");
        }
        return new Prefs(mode, jids(prefs, "always", prepare), jids(prefs, "never", prepare));
    }

    private static Set<String> jids(Element prefs, String list, java.util.function.UnaryOperator<String> prepare) {
        Set<String> out = new LinkedHashSet<>();
        Element parent = prefs.element(QName.get(list, Ns.MAM));
        if (parent != null) {
            for (Element jid : parent.elements(QName.get("jid", Ns.MAM))) {
                out.add(prepare.apply(jid.getTextTrim()));
            }
        }
        return out;
    }
}
