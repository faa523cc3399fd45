package parlance.blocking.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;

/**
 * One account's blocked addresses, an immutable value. Matching follows XEP-0191 §6 (the rules of XEP-0016 §2.1):
 * {@code user@domain/resource} only that address, {@code user@domain} every resource of it, {@code domain/resource}
 * only that address, {@code domain} the domain and every address under it.
 */
final class Blocklist {
    static final Blocklist EMPTY = new Blocklist(Set.of());

    private final Set<Jid> jids;

    private Blocklist(Set<Jid> jids) {
        this.jids = jids;
    }

    static Blocklist of(Collection<Jid> jids) {
        return jids.isEmpty() ? EMPTY : new Blocklist(Collections.unmodifiableSet(new LinkedHashSet<>(jids)));
    }

    Set<Jid> jids() {
        return jids;
    }

    boolean isEmpty() {
        return jids.isEmpty();
    }

    /** True when communication with {@code other} is blocked (XEP-0191 §6). */
    boolean blocks(Jid other) {
        if (other == null || jids.isEmpty()) {
            return false;
        }
        return jids.contains(other) || jids.contains(other.bare()) || jids.contains(other.domainJid());
    }

    Blocklist plus(Collection<Jid> more) {
        Set<Jid> all = new LinkedHashSet<>(jids);
        all.addAll(more);
        return of(all);
    }

    Blocklist minus(Collection<Jid> less) {
        Set<Jid> all = new LinkedHashSet<>(jids);
        all.removeAll(less);
        return of(all);
    }

    /** {@code <name xmlns='urn:xmpp:blocking'>} with one {@code <item jid/>} per address (§3.2, §3.3, §3.4). */
    static Element element(String name, Collection<Jid> items) {
        Element el = DocumentHelper.createElement(QName.get(name, Ns.BLOCKING));
        for (Jid jid : items) {
            el.addElement(QName.get("item", Ns.BLOCKING)).addAttribute("jid", jid.toString());
        }
        return el;
    }

    String toXml() {
        return element("blocklist", jids).asXML();
    }

    /** Reads what {@link #toXml} stored; the addresses were prepared before they were stored. */
    static Blocklist parse(String xml) throws DocumentException {
        Element root = DocumentHelper.parseText(xml).getRootElement();
        Set<Jid> jids = new LinkedHashSet<>();
        for (Element item : root.elements()) {
            String text = item.attributeValue("jid");
            if (text != null) {
                jids.add(prepared(text));
            }
        }
        return of(jids);
    }

    private static Jid prepared(String text) {
        int slash = text.indexOf('/');
        String resource = slash < 0 ? null : text.substring(slash + 1);
        String rest = slash < 0 ? text : text.substring(0, slash);
        int at = rest.indexOf('@');
        return Jid.ofPrepared(at < 0 ? null : rest.substring(0, at), rest.substring(at + 1), resource);
    }
}
