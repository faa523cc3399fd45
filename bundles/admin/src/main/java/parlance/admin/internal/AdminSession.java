package parlance.admin.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** One signed-in administrator: the session id (cookie value), the CSRF token of its forms, and a flash message. */
final class AdminSession {
    private final String id;
    private final String csrfToken;
    private final String username;
    private volatile long lastSeen;
    private volatile String flash;
    private volatile boolean flashError;

    AdminSession(String id, String csrfToken, String username, long now) {
        this.id = id;
        this.csrfToken = csrfToken;
        this.username = username;
        this.lastSeen = now;
    }

    String id() {
        return id;
    }

    String csrfToken() {
        return csrfToken;
    }

    /** The administrator's prepared localpart. */
    String username() {
        return username;
    }

    long lastSeen() {
        return lastSeen;
    }

    void touch(long now) {
        lastSeen = now;
    }

    /** Constant-time check of a token sent with a state-changing request (OWASP synchronizer token pattern). */
    boolean csrfMatches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /** A message shown once on the next page (post/redirect/get). */
    void flash(String message, boolean error) {
        this.flash = message;
        this.flashError = error;
    }

    /** Takes the flash message: {@code null}, or {@code [text, "error"|"ok"]}. */
    synchronized String[] takeFlash() {
        String f = flash;
        flash = null;
        return f == null ? null : new String[] {f, flashError ? "error" : "ok"};
    }
}
