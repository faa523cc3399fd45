package parlance.filetransfer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import parlance.api.address.Jid;

/**
 * The in-band bytestreams (XEP-0047 §2) each local user has opened, counted against a per-user maximum. A bytestream
 * is counted from its {@code <open/>} (§2.1) until a {@code <close/>} from either party (§2.3), an error answering
 * the open, the end of the initiator's session, or {@code idleNanos} without data (a peer that vanished without a
 * close). Bytestreams are identified by their sid and the two full addresses (§2.1: the sid is unique only between
 * the two parties). Thread-safe: one entry list per user, changed under the map's lock for that key.
 */
final class IbbSessions {
    /** One counted bytestream; {@code lastActive} is updated by data. */
    private static final class Stream {
        final Jid initiator;
        final Jid responder;
        final String sid;
        final String openId;
        volatile long lastActive;

        Stream(Jid initiator, Jid responder, String sid, String openId, long now) {
            this.initiator = initiator;
            this.responder = responder;
            this.sid = sid;
            this.openId = openId;
            this.lastActive = now;
        }

        boolean between(Jid a, Jid b, String id) {
            return sid.equals(id) && (initiator.equals(a) && responder.equals(b)
                    || initiator.equals(b) && responder.equals(a));
        }
    }

    private final Map<Jid, List<Stream>> byUser = new ConcurrentHashMap<>();
    private final int max;
    private final long idleNanos;

    /** @param max most bytestreams one user may have open, 0 for no limit */
    IbbSessions(int max, long idleNanos) {
        this.max = max;
        this.idleNanos = idleNanos;
    }

    /**
     * Counts a bytestream {@code initiator} opens to {@code responder}; returns {@code false} (nothing counted) when
     * the initiator's user already has the maximum open. A repeated open of the same bytestream counts once.
     */
    boolean open(Jid initiator, Jid responder, String sid, String openId, long now) {
        boolean[] opened = new boolean[1];
        byUser.compute(initiator.bare(), (user, streams) -> {
            List<Stream> live = new ArrayList<>();
            if (streams != null) {
                for (Stream s : streams) {
                    if (now - s.lastActive < idleNanos && !s.between(initiator, responder, sid)) {
                        live.add(s);
                    }
                }
            }
            if (max <= 0 || live.size() < max) {
                live.add(new Stream(initiator, responder, sid, openId, now));
                opened[0] = true;
            }
            return live.isEmpty() ? null : live;
        });
        return opened[0];
    }

    /** Data on a bytestream between {@code from} and {@code to}: it is not idle. */
    void touch(Jid from, Jid to, String sid, long now) {
        for (Jid user : new Jid[] {from.bare(), to.bare()}) {
            List<Stream> streams = byUser.get(user);
            if (streams != null) {
                for (Stream s : streams) {
                    if (s.between(from, to, sid)) {
                        s.lastActive = now;
                    }
                }
            }
        }
    }

    /** §2.3: either party closed the bytestream {@code sid} between {@code a} and {@code b}. */
    void close(Jid a, Jid b, String sid) {
        remove(a.bare(), s -> s.between(a, b, sid));
        remove(b.bare(), s -> s.between(a, b, sid));
    }

    /** §2.1: the responder refused the open with id {@code openId}; the bytestream never existed. */
    void refused(Jid responder, Jid initiator, String openId) {
        remove(initiator.bare(), s -> s.initiator.equals(initiator) && s.responder.equals(responder)
                && Objects.equals(s.openId, openId));
    }

    /** The session of {@code full} ended: the bytestreams it initiated end with it. */
    void sessionEnded(Jid full) {
        remove(full.bare(), s -> s.initiator.equals(full));
    }

    /** Bytestreams {@code user} (a bare address) has open now (tests, console). */
    int open(Jid user) {
        List<Stream> streams = byUser.get(user);
        return streams == null ? 0 : streams.size();
    }

    private void remove(Jid user, java.util.function.Predicate<Stream> which) {
        byUser.computeIfPresent(user, (u, streams) -> {
            List<Stream> rest = new ArrayList<>(streams);
            rest.removeIf(which);
            return rest.isEmpty() ? null : rest;
        });
    }
}
