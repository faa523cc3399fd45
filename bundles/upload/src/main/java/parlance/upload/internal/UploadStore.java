package parlance.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files on disk: {@code <root>/<token>/<filename>} with a {@code .meta} file beside it (owner, size, content
 * type, creation time: what the quota and the download need after a restart). A body is streamed to
 * {@code .part} and moved into place when complete; a folder without both file and metadata is debris of an
 * interrupted upload and is removed by {@link #scan}. Blocking: called from servlet and background threads only.
 */
final class UploadStore {
    static final String META = ".meta";
    static final String PART = ".part";
    private static final Logger LOG = LoggerFactory.getLogger(UploadStore.class);

    /** The body was longer or shorter than the slot's size. */
    static final class WrongLength extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean tooLong;

        WrongLength(boolean tooLong) {
            super(tooLong ? "body longer than the slot's size" : "body shorter than the slot's size");
            this.tooLong = tooLong;
        }
    }

    private final Path root;

    UploadStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The path of a stored file; tokens and names are checked, so it is always inside the root. */
    Path file(String token, String filename) {
        if (!FileNames.isToken(token) || !filename.equals(FileNames.sanitize(filename))) {
            throw new IllegalArgumentException("not a safe upload path: " + token + "/" + filename);
        }
        return root.resolve(token).resolve(filename);
    }

    /** Streams exactly {@code slot.size()} bytes of {@code body} into place and writes the metadata. */
    StoredFile write(Slot slot, String contentType, InputStream body, long now) throws IOException {
        Path file = file(slot.token(), slot.filename());
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path part = dir.resolve(PART);
        boolean done = false;
        try {
            long copied = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(part)) {
                int n;
                while ((n = body.read(buffer, 0, (int) Math.min(buffer.length, slot.size() - copied + 1))) > 0) {
                    copied += n;
                    if (copied > slot.size()) {
                        throw new WrongLength(true);
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (copied < slot.size()) {
                throw new WrongLength(false);
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            StoredFile stored = new StoredFile(slot.token(), slot.filename(), slot.size(), contentType, slot.owner(),
                    now);
            writeMeta(dir, stored);
            done = true;
            return stored;
        } finally {
            if (!done) {
                delete(slot.token());
            }
        }
    }

    private static void writeMeta(Path dir, StoredFile f) throws IOException {
        Properties p = new Properties();
        p.setProperty("filename", f.filename());
        p.setProperty("size", Long.toString(f.size()));
        p.setProperty("content-type", f.contentType());
        p.setProperty("owner", f.owner());
        p.setProperty("created", Long.toString(f.created()));
        Path tmp = dir.resolve(META + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "XEP-0363 upload");
        }
        Files.move(tmp, dir.resolve(META), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Every complete upload under the root; incomplete folders are deleted. */
    List<StoredFile> scan() throws IOException {
        List<StoredFile> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String token = dir.getFileName().toString();
                StoredFile f = FileNames.isToken(token) ? readMeta(token, dir) : null;
                if (f == null) {
                    LOG.info("Removing the incomplete upload {}", dir);
                    deleteTree(dir);
                } else {
                    found.add(f);
                }
            }
        }
        return found;
    }

    private StoredFile readMeta(String token, Path dir) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(META), StandardCharsets.UTF_8)) {
            p.load(r);
            StoredFile f = new StoredFile(token, p.getProperty("filename", ""),
                    Long.parseLong(p.getProperty("size", "-1")), p.getProperty("content-type", ""),
                    p.getProperty("owner", ""), Long.parseLong(p.getProperty("created", "0")));
            Path file = file(token, f.filename());
            return f.size() >= 0 && Files.size(file) == f.size() && !f.owner().isEmpty() ? f : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Deletes the folder of {@code token} (file, metadata, partial body). */
    void delete(String token) {
        if (!FileNames.isToken(token)) {
            return;
        }
        try {
            deleteTree(root.resolve(token));
        } catch (IOException e) {
            LOG.warn("Cannot delete the upload {}: {}", token, e.toString());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
