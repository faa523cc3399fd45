package parlance.muc.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.stanza.Namespaces;

/**
 * Discussion history (XEP-0045 §7.2.14): the room keeps its last {@code muc#roomconfig_historylength} groupchat
 * messages with a body, and sends them to each new occupant, each with a {@code <delay/>} (XEP-0203) from the
 * room, limited by the client's {@code <history maxchars maxstanzas seconds since/>} (every limit applies; maxchars
 * counts the characters of the complete stanzas as sent). A lower service-wide {@code max.history.size} applies
 * to existing rooms at once.
 */
final class HistoryFeature implements RoomFeature {
    /** One remembered message: its element (without {@code to}), time and size. */
    private record Entry(Element message, parlance.api.address.Jid from, Instant stamp, int chars) {
    }

    private final Muc muc;
    HistoryFeature(Muc muc) {
        this.muc = muc;
    }

    @Override
    public void broadcast(Room room, Occupant sender, Element message) {
        int length = Math.min(room.config.historyLength, muc.settings().maxHistorySize());
        if (length <= 0 || message.element(QName.get("body", Namespaces.CLIENT)) == null) {
            return;
        }
        Element kept = message.createCopy();
        Instant now = muc.now();
        kept.addElement("delay", Namespaces.DELAY).addAttribute("from", room.jid.toString())
                .addAttribute("stamp", now.toString());
        Deque<Entry> history = room.state(this, ArrayDeque::new);
        history.addLast(new Entry(kept, sender.jid(), now, kept.asXML().length() + room.jid.toString().length() + 40));
        while (history.size() > length) {
            history.removeFirst();
        }
    }

    @Override
    public void joined(Room room, Occupant occupant, parlance.api.address.Jid session, Element mucX) {
        Element request = mucX == null ? null : mucX.element(QName.get("history", MucNs.MUC));
        for (Entry e : select(room, request)) {
            muc.fanout.send(e.message.createCopy(), e.from, session);
        }
    }

    /** The messages a history request asks for, oldest first. */
    private List<Entry> select(Room room, Element request) {
        Deque<Entry> history = room.state(this, ArrayDeque::new);
        if (history == null || history.isEmpty()) {
            return List.of();
        }
        int maxStanzas = number(request, "maxstanzas");
        int maxChars = number(request, "maxchars");
        int seconds = number(request, "seconds");
        Instant since = instant(request == null ? null : request.attributeValue("since"));
        Instant cutoff = seconds < 0 ? null : muc.now().minusSeconds(seconds);
        int cap = Math.min(room.config.historyLength, muc.settings().maxHistorySize());
        List<Entry> chosen = new ArrayList<>();
        int chars = 0;
        var it = history.descendingIterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if ((maxStanzas >= 0 && chosen.size() >= maxStanzas) || chosen.size() >= cap) {
                break;
            }
            if ((cutoff != null && e.stamp.isBefore(cutoff)) || (since != null && !e.stamp.isAfter(since))) {
                break;
            }
            chars += e.chars;
            if (maxChars >= 0 && chars > maxChars) {
                break;
            }
            chosen.add(0, e);
        }
        return chosen;
    }

    private static int number(Element request, String attribute) {
        String value = request == null ? null : request.attributeValue(attribute);
        if (value == null) {
            return -1;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
