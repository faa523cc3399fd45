package parlance.admin.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The console's sessions: random 256-bit ids (the {@code parlance_admin} cookie) with a per-session 256-bit CSRF
 * token, expired after an idle timeout. Nothing is persisted: a restart signs everyone out.
 */
final class AdminSessions {
    private final Map<String, AdminSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;
    private final long idleMillis;
    private final int max;

    /**
     * @param clock      milliseconds (System::currentTimeMillis, or a fake in tests)
     * @param idleMillis a session unused this long is gone
     * @param max        most sessions kept at once; the least recently used goes first
     */
    AdminSessions(LongSupplier clock, long idleMillis, int max) {
        this.clock = clock;
        this.idleMillis = idleMillis;
        this.max = max;
    }

    /** A new session for a verified administrator; the caller drops any session the client had before. */
    AdminSession create(String username) {
        purge();
        if (sessions.size() >= max) {
            sessions.values().stream().min((a, b) -> Long.compare(a.lastSeen(), b.lastSeen()))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        AdminSession s = new AdminSession(token(), token(), username, clock.getAsLong());
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session for a cookie value, touched; {@code null} when unknown or idle too long. */
    AdminSession get(String id) {
        if (id == null) {
            return null;
        }
        AdminSession s = sessions.get(id);
        if (s == null) {
            return null;
        }
        long now = clock.getAsLong();
        if (now - s.lastSeen() >= idleMillis) {
            sessions.remove(id, s);
            return null;
        }
        s.touch(now);
        return s;
    }

    void invalidate(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    int size() {
        return sessions.size();
    }

    private void purge() {
        long now = clock.getAsLong();
        sessions.values().removeIf(s -> now - s.lastSeen() >= idleMillis);
    }

    /** 32 random bytes, URL-safe base64 without padding (43 characters). */
    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
