package parlance.muc.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parlance.api.address.Jid;

/**
 * The state of one room (XEP-0045 §4.1): configuration, affiliations, registered nicknames, occupants, subject.
 * Behaviour lives in the handlers and room features; this class only keeps state consistent. It is touched only
 * on the room's own queue, so it needs no locks.
 */
final class Room {
    final Jid jid;
    final RoomConfig config;
    /** Secret of the room's occupant ids (XEP-0421 §4), kept with the room so ids stay stable. */
    final String idSecret;
    /** XEP-0045 §10.1.2: a new room stays locked until its owner configures it or accepts the defaults. */
    boolean locked;
    boolean destroyed;
    /** Who created the room (counted against XEP-0205 limits), or {@code null} for a loaded room. */
    Jid creator;
    String subject = "";
    /** The occupant address that set the subject, or {@code null}. */
    Jid subjectFrom;
    Instant subjectStamp;
    private final Map<Jid, Affiliation> affiliations = new LinkedHashMap<>();
    private final Map<Jid, String> nicks = new LinkedHashMap<>();
    private final Map<String, Occupant> occupants = new LinkedHashMap<>();
    private final Map<Jid, Occupant> byReal = new HashMap<>();
    /** IQs forwarded between occupants (XEP-0045 §7.5 IQ to an occupant), by the id the room gave them. */
    final Map<String, ForwardedIq> forwarded = new LinkedHashMap<>();
    private final Map<Object, Object> featureState = new HashMap<>();
    private long counter;

    /**
     * An IQ request forwarded to an occupant: who asked, with which id, the address it went to (a session, or the
     * user's bare address for vcard-temp) and the occupant addressed.
     */
    record ForwardedIq(Jid requester, String id, Jid target, Occupant occupant) {
    }

    Room(Jid jid, RoomConfig config, String idSecret) {
        this.jid = jid;
        this.config = config;
        this.idSecret = idSecret;
    }

    /** State a room feature keeps in this room (e.g. the history), made on first use. */
    @SuppressWarnings("unchecked")
    <T> T state(Object feature, java.util.function.Supplier<T> initial) {
        return (T) featureState.computeIfAbsent(feature, k -> initial.get());
    }

    String name() {
        return jid.local();
    }

    String nextId() {
        return "muc" + (++counter);
    }

    Affiliation affiliation(Jid user) {
        return affiliations.getOrDefault(user.bare(), Affiliation.NONE);
    }

    /** Sets an affiliation; {@code NONE} removes the entry (and the registered nickname with it). */
    void setAffiliation(Jid user, Affiliation affiliation) {
        Jid bare = user.bare();
        if (affiliation == Affiliation.NONE) {
            affiliations.remove(bare);
            nicks.remove(bare);
        } else {
            affiliations.put(bare, affiliation);
        }
    }

    /** Every address with this affiliation. */
    List<Jid> withAffiliation(Affiliation affiliation) {
        List<Jid> list = new ArrayList<>();
        affiliations.forEach((jid, a) -> {
            if (a == affiliation) {
                list.add(jid);
            }
        });
        return list;
    }

    Map<Jid, Affiliation> affiliations() {
        return affiliations;
    }

    /** The nickname registered by a user (XEP-0045 §7.10), or {@code null}. */
    String registeredNick(Jid user) {
        return nicks.get(user.bare());
    }

    void registerNick(Jid user, String nick) {
        if (nick == null) {
            nicks.remove(user.bare());
        } else {
            nicks.put(user.bare(), nick);
        }
    }

    /** The user who registered {@code nick}, or {@code null}. */
    Jid nickOwner(String nick) {
        for (Map.Entry<Jid, String> e : nicks.entrySet()) {
            if (e.getValue().equals(nick)) {
                return e.getKey();
            }
        }
        return null;
    }

    Map<Jid, String> registeredNicks() {
        return nicks;
    }

    Occupant occupant(String nick) {
        return occupants.get(nick);
    }

    /** The occupant a user's session (full address) is, or {@code null}. */
    Occupant byReal(Jid realFull) {
        return byReal.get(realFull);
    }

    /** Occupants of one user (a user may be in a room under several nicks, one session each or more). */
    List<Occupant> byUser(Jid bare) {
        List<Occupant> list = new ArrayList<>();
        for (Occupant o : occupants.values()) {
            if (o.user().equals(bare)) {
                list.add(o);
            }
        }
        return list;
    }

    Collection<Occupant> occupants() {
        return List.copyOf(occupants.values());
    }

    /** The real addresses of every session of every occupant: where a message to everyone goes (§7.2.9). */
    List<Jid> sessions() {
        List<Jid> list = new ArrayList<>();
        for (Occupant o : occupants.values()) {
            list.addAll(o.sessions());
        }
        return list;
    }

    int size() {
        return occupants.size();
    }

    boolean isEmpty() {
        return occupants.isEmpty();
    }

    void add(Occupant occupant) {
        occupants.put(occupant.nick(), occupant);
        for (Jid session : occupant.sessions()) {
            byReal.put(session, occupant);
        }
    }

    void remove(Occupant occupant) {
        occupants.remove(occupant.nick(), occupant);
        for (Jid session : occupant.sessions()) {
            byReal.remove(session, occupant);
        }
    }

    /** Another session of the same user enters an occupant (XEP-0045 §7.2.9 multi-session nick). */
    void addSession(Occupant occupant, Jid session, org.dom4j.Element presence) {
        occupant.presence(session, presence);
        byReal.put(session, occupant);
    }

    /** One of several sessions leaves its occupant; the occupant stays with the others. */
    void removeSession(Occupant occupant, Jid session) {
        occupant.removeSession(session);
        byReal.remove(session, occupant);
    }

    void rename(Occupant occupant, String nick) {
        occupants.remove(occupant.nick());
        occupant.rename(nick);
        occupants.put(nick, occupant);
    }
}
