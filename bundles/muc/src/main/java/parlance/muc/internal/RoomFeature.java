package parlance.muc.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;

/**
 * The room's internal event SPI, after Prosody's {@code muc-*} events: each feature (history, subject, archive,
 * occupant id, self-ping...) is a small class hooking the events it needs. Every event runs on the room's queue,
 * so a feature may read and change room state without locks. Features are called in their registration order.
 */
interface RoomFeature {
    CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /** Adds the room's disco#info features (XEP-0045 §6.4). */
    default void discoFeatures(Room room, Set<String> features) {
    }

    /** Adds fields to the room's {@code muc#roominfo} form (XEP-0045 §6.4, §15.5.4). */
    default void roomInfo(Room room, Element form) {
    }

    /** Decorates a presence the room sends about {@code occupant} (a new element, before it is shared). */
    default void presence(Room room, Occupant occupant, Element presence) {
    }

    /** Decorates a groupchat message (a new element) before it is stored and broadcast. */
    default void message(Room room, Occupant sender, Element message) {
    }

    /**
     * Stores a groupchat message; the room waits for the returned stage (without blocking a thread) before it
     * broadcasts, so a feature may still add to {@code message} (the archive adds its stanza-id).
     */
    default CompletionStage<Void> store(Room room, Occupant sender, Element message) {
        return DONE;
    }

    /** A groupchat message was broadcast to every occupant. */
    default void broadcast(Room room, Occupant sender, Element message) {
    }

    /**
     * A session entered an occupant (a new occupant, or another session of a multi-session nick, §7.2.9): the
     * presence exchange is done (XEP-0045 §7.2.3); history and subject follow (§7.2.14, §7.2.15), to
     * {@code session} only. {@code mucX} is the client's {@code <x xmlns='http://jabber.org/protocol/muc'/>} or
     * {@code null}.
     */
    default void joined(Room room, Occupant occupant, parlance.api.address.Jid session, Element mucX) {
    }

    /** The room was destroyed (XEP-0045 §10.9) or expired. */
    default void destroyed(Room room, boolean byOwner) {
    }
}
