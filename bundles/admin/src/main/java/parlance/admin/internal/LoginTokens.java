package parlance.admin.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Login CSRF protection (OWASP "login CSRF"): the login form carries a random token bound to a short-lived
 * pre-session cookie ({@code parlance_login}, HttpOnly, SameSite=Strict, Path=/admin). A login POST must present
 * both, matching and unexpired; a token is good for one attempt. At most {@code max} are pending; the oldest go first.
 */
final class LoginTokens {
    static final String COOKIE = "parlance_login";

    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;
    private final long ttlMillis;
    private final int max;
    /** Pre-session id → {token, expiry}; insertion order = age. */
    private final Map<String, Object[]> pending = new LinkedHashMap<>();

    LoginTokens(LongSupplier clock, long ttlMillis, int max) {
        this.clock = clock;
        this.ttlMillis = ttlMillis;
        this.max = max;
    }

    /** A new pre-session: {cookie value, form token}. */
    synchronized String[] issue() {
        long now = clock.getAsLong();
        for (Iterator<Object[]> it = pending.values().iterator(); it.hasNext();) {
            if ((Long) it.next()[1] <= now) {
                it.remove();
            }
        }
        while (pending.size() >= max) {
            Iterator<String> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        String id = token();
        String token = token();
        pending.put(id, new Object[] {token, now + ttlMillis});
        return new String[] {id, token};
    }

    /** True when {@code token} is the unexpired token of pre-session {@code id}; the pre-session is used up. */
    synchronized boolean check(String id, String token) {
        if (id == null || token == null) {
            return false;
        }
        Object[] entry = pending.remove(id);
        if (entry == null || (Long) entry[1] <= clock.getAsLong()) {
            return false;
        }
        return MessageDigest.isEqual(((String) entry[0]).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.UTF_8));
    }

    long ttlSeconds() {
        return ttlMillis / 1000;
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
