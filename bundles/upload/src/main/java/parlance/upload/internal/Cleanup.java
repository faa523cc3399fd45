package parlance.upload.internal;

import java.io.IOException;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work on the disk: {@link #load} counts the files stored before a restart into the quota, {@link #run}
 * (periodic) forgets unused expired slots and deletes expired files with their folders.
 */
final class Cleanup implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);
    private final Uploads uploads;
    private final UploadStore store;
    private final LongSupplier clock;

    Cleanup(Uploads uploads, UploadStore store, LongSupplier clock) {
        this.uploads = uploads;
        this.store = store;
        this.clock = clock;
    }

    /** Restores the stored files (and their owners' quota use); returns how many. */
    int load() {
        try {
            List<StoredFile> files = store.scan();
            files.forEach(uploads::restore);
            return files.size();
        } catch (IOException e) {
            LOG.warn("Cannot read the uploads in {}: {}", store.root(), e.toString());
            return 0;
        }
    }

    @Override
    public void run() {
        try {
            List<StoredFile> gone = uploads.expire(clock.getAsLong());
            gone.forEach(f -> store.delete(f.token()));
            if (!gone.isEmpty()) {
                LOG.info("Deleted {} expired upload(s)", gone.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("Upload cleanup failed: {}", e.toString());
        }
    }
}
