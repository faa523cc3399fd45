package parlance.pubsub.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import parlance.api.address.Jid;

/**
 * The nodes of one publish-subscribe service: the PubSub domain (XEP-0060), or an account's bare address for
 * PEP (XEP-0163 §1: every account is a virtual PubSub service whose owner is the account). Touched only on its
 * own queue.
 */
final class Host {
    final Jid jid;
    final boolean pep;
    final Map<String, Node> nodes = new LinkedHashMap<>();

    Host(Jid jid, boolean pep) {
        this.jid = jid;
        this.pep = pep;
    }

    /** The store's service key. */
    String key() {
        return jid.toString();
    }

    /** Whether {@code who} is the PEP account itself (the owner of every node of a PEP service). */
    boolean isAccount(Jid who) {
        return pep && who != null && who.bare().equals(jid);
    }

    /** Nodes a user created on the PubSub service (owner affiliation), for the per-user limit. */
    int ownedBy(Jid who) {
        int n = 0;
        for (Node node : nodes.values()) {
            if (node.affiliation(who) == Affiliation.OWNER) {
                n++;
            }
        }
        return n;
    }
}
