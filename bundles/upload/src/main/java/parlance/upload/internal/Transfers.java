package parlance.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a slot without the servlet API (XEP-0363 §5): a PUT is accepted once per slot, before the slot
 * expires, with a Content-Length equal to the slot's size ({@code 413} when larger, {@code 400} otherwise) and a
 * Content-Type matching the requested one when both are given; the body is streamed to disk.
 */
final class Transfers {
    static final int CREATED = 201;
    static final int BAD_REQUEST = 400;
    static final int FORBIDDEN = 403;
    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;
    static final int TOO_LARGE = 413;
    static final int ERROR = 500;
    private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);

    private final Uploads uploads;
    private final UploadStore store;
    private final LongSupplier clock;

    Transfers(Uploads uploads, UploadStore store, LongSupplier clock) {
        this.uploads = uploads;
        this.store = store;
        this.clock = clock;
    }

    /** Handles a PUT to {@code /upload/<token>/<name>}; returns the HTTP status. */
    int put(String token, String name, long contentLength, String contentType, InputStream body) {
        if (!FileNames.isToken(token) || name == null) {
            return NOT_FOUND;
        }
        Slot slot = uploads.claim(token, name, clock.getAsLong());
        if (slot == null) {
            return uploads.taken(token) ? CONFLICT : FORBIDDEN;
        }
        int status = check(slot, contentLength, contentType);
        if (status != 0) {
            uploads.failed(slot);
            return status;
        }
        String type = !slot.contentType().isEmpty() ? slot.contentType()
                : FileNames.mediaType(contentType).isEmpty() ? "application/octet-stream"
                : FileNames.mediaType(contentType);
        try {
            uploads.stored(store.write(slot, type, body, clock.getAsLong()));
            return CREATED;
        } catch (UploadStore.WrongLength e) {
            uploads.failed(slot);
            return e.tooLong ? TOO_LARGE : BAD_REQUEST;
        } catch (IOException | RuntimeException e) {
            uploads.failed(slot);
            LOG.warn("Upload {} of {} failed: {}", token, slot.owner(), e.toString());
            return ERROR;
        }
    }

    private static int check(Slot slot, long contentLength, String contentType) {
        if (contentLength > slot.size()) {
            return TOO_LARGE;
        }
        if (contentLength != slot.size()) {
            return BAD_REQUEST;
        }
        String type = FileNames.mediaType(contentType);
        if (!slot.contentType().isEmpty() && !type.isEmpty() && !type.equals(slot.contentType())) {
            return BAD_REQUEST;
        }
        return 0;
    }

    /** The stored file served at {@code /upload/<token>/<name>}, or {@code null}. */
    StoredFile find(String token, String name) {
        if (!FileNames.isToken(token) || name == null) {
            return null;
        }
        StoredFile f = uploads.file(token, clock.getAsLong());
        return f != null && f.filename().equals(name) ? f : null;
    }

    Path path(StoredFile f) {
        return store.file(f.token(), f.filename());
    }

    /** Seconds until {@code f} expires (for Cache-Control). */
    long secondsLeft(StoredFile f) {
        return Math.max(0, (f.created() + uploads.limits().expiryMillis() - clock.getAsLong()) / 1000);
    }
}
