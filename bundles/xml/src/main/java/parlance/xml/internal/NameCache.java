package parlance.xml.internal;

import org.dom4j.Namespace;
import org.dom4j.QName;

/**
 * Small direct-mapped caches of dom4j {@link Namespace} and {@link QName} objects for one parser, so that the
 * common names of a stream are not re-allocated for every element. Bounded (a miss overwrites a slot), and it
 * bypasses dom4j's global caches, which grow with every name a peer ever sends.
 */
final class NameCache {
    private final Namespace[] namespaces = new Namespace[32];
    private final QName[] qnames = new QName[128];

    Namespace namespace(String prefix, String uri) {
        String p = prefix == null ? "" : prefix;
        String u = uri == null ? "" : uri;
        if (u.isEmpty() && p.isEmpty()) {
            return Namespace.NO_NAMESPACE;
        }
        if ("xml".equals(p)) {
            return Namespace.XML_NAMESPACE;
        }
        int slot = (p.hashCode() * 31 + u.hashCode()) & (namespaces.length - 1);
        Namespace ns = namespaces[slot];
        if (ns == null || !ns.getURI().equals(u) || !ns.getPrefix().equals(p)) {
            ns = new Namespace(p, u);
            namespaces[slot] = ns;
        }
        return ns;
    }

    QName qname(String localName, String prefix, String uri) {
        Namespace ns = namespace(prefix, uri);
        int slot = (localName.hashCode() * 31 + System.identityHashCode(ns)) & (qnames.length - 1);
        QName q = qnames[slot];
        if (q == null || q.getNamespace() != ns || !q.getName().equals(localName)) {
            q = new QName(localName, ns);
            qnames[slot] = q;
        }
        return q;
    }
}
