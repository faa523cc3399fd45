package parlance.pubsub.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;

/**
 * Entity capabilities (XEP-0115) as PEP needs them for filtered notifications (XEP-0163 §4.3.1, the
 * {@code +notify} features): the {@code <c/>} of each present entity's presence, the features behind each
 * {@code ver} (asked once with disco#info to {@code node#ver} from the PubSub domain, verified per §5.4 and
 * cached, a bounded LRU), and actions waiting for an answer. A ver whose answer does not verify is believed for
 * the entity that sent it only; so is the plain disco#info (no node, XEP-0030 §3.1) the entity is asked when it
 * answers the {@code node#ver} query with an error, which would otherwise leave it without notifications until
 * its next presence.
 *
 * <p>What an entity announced is taken only from presence in its sending order ({@link #presence}). Copies of a
 * local client's presence that the server makes later (its broadcast to contacts after a roster read, its
 * presence after a subscription approval) may arrive after the client's next presence; they only wait for what
 * is known ({@link #await}), or a client that changed its caps right after login (as Smack does) would be set
 * back to its old features.
 */
final class Caps {
    private static final long PENDING_MILLIS = 30_000;
    /** The key of an entity whose last presence announced no capabilities. */
    private static final String NONE = "";

    /** A query in flight; {@code plain}: asked without a node, for {@code jid} alone. */
    private record Pending(String key, String hash, String ver, Jid jid, long at, boolean plain) {
    }

    private final PubSub ps;
    private final Map<String, Set<String>> known;
    private final Map<Jid, String> current = new ConcurrentHashMap<>();
    private final Map<Jid, Set<String>> unverified = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> waiting = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    Caps(PubSub ps, int size) {
        this.ps = ps;
        this.known = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                return size() > size;
            }
        });
    }

    /**
     * Records the capabilities announced in a presence ({@code c} may be {@code null}) and runs {@code whenKnown}
     * once the entity's features are known: at once when cached, after the disco#info answer otherwise.
     */
    void presence(Jid full, Element c, Runnable whenKnown) {
        String ver = c == null ? null : c.attributeValue("ver");
        if (ver == null) {
            current.put(full, NONE);
            unverified.remove(full);
            whenKnown.run();
            return;
        }
        String hash = c.attributeValue("hash");
        String node = c.attributeValue("node");
        String key = hash == null ? node + "#" + ver : hash + ":" + ver;
        String before = current.put(full, key);
        if (!key.equals(before)) {
            unverified.remove(full);
        }
        if (known.containsKey(key)) {
            whenKnown.run();
            return;
        }
        boolean ask;
        synchronized (waiting) {
            expire();
            List<Runnable> list = waiting.computeIfAbsent(key, k -> new ArrayList<>());
            ask = list.isEmpty() || pending.values().stream().noneMatch(p -> p.key.equals(key) && !p.plain);
            list.add(whenKnown);
        }
        if (ask) {
            ask(new Pending(key, hash, ver, full, ps.millis(), false), (node == null ? "" : node) + "#" + ver);
        }
    }

    /**
     * Runs {@code whenKnown} once the features of what the entity last announced are known, without recording
     * anything: at once when they are known, when it announced none, or when nothing is being asked; otherwise
     * with the actions waiting for the answer. {@link #answer} records the features before it takes the waiting
     * actions (under the same lock), so an action added here is never left behind.
     */
    void await(Jid full, Runnable whenKnown) {
        String key = current.get(full);
        boolean now = true;
        if (key != null && !key.equals(NONE) && !unverified.containsKey(full)) {
            synchronized (waiting) {
                List<Runnable> list = known.containsKey(key) ? null : waiting.get(key);
                if (list != null) {
                    list.add(whenKnown);
                    now = false;
                }
            }
        }
        if (now) {
            whenKnown.run();
        }
    }

    /** Whether a presence of this entity was recorded (and it has not been forgotten since). */
    boolean announced(Jid full) {
        return current.containsKey(full);
    }

    /** Sends a disco#info query (to {@code node}, or without one when {@code null}) and records it as pending. */
    private void ask(Pending p, String node) {
        String id = "caps-" + ids.incrementAndGet();
        pending.put(id, p);
        Element iq = Stanzas.newElement(Stanza.Kind.IQ).addAttribute("type", "get").addAttribute("id", id);
        Element query = iq.addElement(QName.get("query", Namespaces.DISCO_INFO));
        if (node != null) {
            query.addAttribute("node", node);
        }
        ps.fanout.send(iq, ps.domain, p.jid);
    }

    /** Takes the answer to one of our queries (an IQ result or error to the PubSub domain); false if not ours. */
    boolean answer(Stanza iq) {
        String id = iq.id();
        Pending p = id == null ? null : pending.remove(id);
        if (p == null || iq.from() == null || !iq.from().equals(p.jid)) {
            if (p != null) {
                pending.put(id, p);
            }
            return false;
        }
        Element query = iq.element().element(QName.get("query", Namespaces.DISCO_INFO));
        boolean answered = "result".equals(iq.type()) && query != null;
        if (!answered && !p.plain && p.key.equals(current.get(p.jid))) {
            ask(new Pending(p.key, null, null, p.jid, ps.millis(), true), null); // the waiting actions wait on
            return true;
        }
        if (answered) {
            Set<String> features = new HashSet<>();
            for (Element f : query.elements(QName.get("feature", Namespaces.DISCO_INFO))) {
                features.add(f.attributeValue("var"));
            }
            if (p.plain) {
                if (p.key.equals(current.get(p.jid))) {
                    unverified.put(p.jid, Set.copyOf(features));
                }
            } else if (p.hash == null || CapsHash.verify(query, p.hash, p.ver)) {
                known.put(p.key, Set.copyOf(features));
            } else if (p.key.equals(current.get(p.jid))) {
                unverified.put(p.jid, Set.copyOf(features));
            }
        }
        List<Runnable> run;
        synchronized (waiting) {
            run = waiting.remove(p.key);
        }
        if (run != null) {
            run.forEach(Runnable::run);
        }
        return true;
    }

    /** Drops queries nobody answered, running their waiting actions with what is known (nothing). */
    private void expire() {
        long now = ps.millis();
        pending.entrySet().removeIf(e -> {
            if (now - e.getValue().at < PENDING_MILLIS) {
                return false;
            }
            List<Runnable> run = waiting.remove(e.getValue().key);
            if (run != null) {
                run.forEach(Runnable::run);
            }
            return true;
        });
    }

    /** The features of a present entity; empty when unknown. */
    Set<String> features(Jid full) {
        String key = current.get(full);
        Set<String> f = key == null ? null : known.get(key);
        if (f == null) {
            f = unverified.get(full);
        }
        return f == null ? Set.of() : f;
    }

    /** Whether a present entity asked for notifications of {@code node} (XEP-0163 §4.3.1: {@code node+notify}). */
    boolean notifies(Jid full, String node) {
        return features(full).contains(node + "+notify");
    }

    void forget(Jid full) {
        current.remove(full);
        unverified.remove(full);
    }
}
