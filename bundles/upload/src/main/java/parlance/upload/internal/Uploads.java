package parlance.upload.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The service's memory: open slots, stored files and every user's bytes (stored plus reserved by open slots). All
 * in memory, so issuing a slot (XEP-0363 §4) never touches the disk; the stored files are loaded at start from the
 * metadata beside each upload ({@link UploadStore#scan}). Thread-safe.
 */
final class Uploads {
    /** Why a slot request is refused (XEP-0363 §4.1 error cases). */
    enum Refusal { BAD_REQUEST, TOO_LARGE, QUOTA }

    /** A refused slot request. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final Refusal reason;

        Refused(Refusal reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+");

    private final Limits limits;
    private final SecureRandom random;
    private final Map<String, Slot> open = new HashMap<>();
    private final Map<String, Slot> uploading = new HashMap<>();
    private final Map<String, StoredFile> files = new HashMap<>();
    private final Map<String, Long> used = new HashMap<>();

    Uploads(Limits limits, SecureRandom random) {
        this.limits = limits;
        this.random = random;
    }

    Limits limits() {
        return limits;
    }

    /** Issues a slot to {@code owner} (a bare address) or says why not: size, then quota (Prosody's order). */
    synchronized Slot issue(String owner, String filename, long size, String contentType, long now)
            throws Refused {
        if (size <= 0) {
            throw new Refused(Refusal.BAD_REQUEST, "The size must be a positive number of bytes");
        }
        if (size > limits.maxFileSize()) {
            throw new Refused(Refusal.TOO_LARGE,
                    "File too large: the maximum file size is " + limits.maxFileSize() + " bytes");
        }
        long mine = used.getOrDefault(owner, 0L);
        if (limits.quota() > 0 && mine + size > limits.quota()) {
            throw new Refused(Refusal.QUOTA, "Quota reached: " + mine + " of " + limits.quota()
                    + " bytes are in use; files expire after " + limits.expiryMillis() / 86_400_000L + " day(s)");
        }
        String type = FileNames.mediaType(contentType);
        if (!type.isEmpty() && !MEDIA_TYPE.matcher(type).matches()) {
            throw new Refused(Refusal.BAD_REQUEST, "Not a media type: " + contentType);
        }
        String token;
        do {
            token = FileNames.newToken(random);
        } while (open.containsKey(token) || files.containsKey(token) || uploading.containsKey(token));
        Slot slot = new Slot(token, FileNames.sanitize(filename), size,
                type, owner, now + limits.slotMillis());
        open.put(token, slot);
        used.merge(owner, size, Long::sum);
        return slot;
    }

    /**
     * Claims the slot {@code token} for its single PUT: it must be open, unexpired and named {@code name}. Returns
     * the slot, or {@code null} (then {@link #taken} tells a used slot from an unknown one).
     */
    synchronized Slot claim(String token, String name, long now) {
        Slot slot = open.get(token);
        if (slot == null || !slot.filename().equals(name) || slot.expiresAt() < now) {
            return null;
        }
        open.remove(token);
        uploading.put(token, slot);
        return slot;
    }

    /** True when the slot {@code token} was already used (its PUT is running or its file is stored). */
    synchronized boolean taken(String token) {
        return uploading.containsKey(token) || files.containsKey(token);
    }

    /** The PUT of a claimed slot stored its file: the reservation becomes stored bytes. */
    synchronized void stored(StoredFile file) {
        uploading.remove(file.token());
        files.put(file.token(), file);
    }

    /** The PUT of a claimed slot failed: the slot is open again until it expires. */
    synchronized void failed(Slot slot) {
        uploading.remove(slot.token());
        open.put(slot.token(), slot);
    }

    /** A file stored before a restart (from {@link UploadStore#scan}). */
    synchronized void restore(StoredFile file) {
        if (files.putIfAbsent(file.token(), file) == null) {
            used.merge(file.owner(), file.size(), Long::sum);
        }
    }

    /** The stored file of {@code token} while it is served (not expired), else {@code null}. */
    synchronized StoredFile file(String token, long now) {
        StoredFile f = files.get(token);
        return f == null || f.created() + limits.expiryMillis() < now ? null : f;
    }

    /** Bytes {@code owner} has stored or reserved. */
    synchronized long used(String owner) {
        return used.getOrDefault(owner, 0L);
    }

    /**
     * Forgets expired slots (releasing their reservations) and expired files, which it returns so that the caller
     * deletes them from the disk; their bytes no longer count against the quota.
     */
    synchronized List<StoredFile> expire(long now) {
        for (Iterator<Slot> it = open.values().iterator(); it.hasNext();) {
            Slot s = it.next();
            if (s.expiresAt() < now) {
                it.remove();
                release(s.owner(), s.size());
            }
        }
        List<StoredFile> gone = new ArrayList<>();
        for (Iterator<StoredFile> it = files.values().iterator(); it.hasNext();) {
            StoredFile f = it.next();
            if (f.created() + limits.expiryMillis() < now) {
                it.remove();
                release(f.owner(), f.size());
                gone.add(f);
            }
        }
        return gone;
    }

    private void release(String owner, long bytes) {
        used.computeIfPresent(owner, (k, v) -> v - bytes <= 0 ? null : v - bytes);
    }
}
