package parlance.upload.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUT and GET of a slot (XEP-0363 §5), restart and cleanup, against a temporary folder. */
class TransfersTest {
    @TempDir
    Path home;
    final AtomicLong now = new AtomicLong(1_000);
    final Uploads uploads = new Uploads(UploadsTest.LIMITS, new SecureRandom());
    UploadStore store;
    Transfers transfers;

    Transfers transfers() {
        store = new UploadStore(home.resolve("upload"));
        transfers = new Transfers(uploads, store, now::get);
        return transfers;
    }

    static ByteArrayInputStream body(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneUploadPerSlotStoredUnderTokenAndNameAndServedBack() throws Exception {
        Transfers t = transfers();
        Slot slot = uploads.issue("a@x", "hello.txt", 5, "text/plain", now.get());
        assertEquals(201, t.put(slot.token(), "hello.txt", 5, "text/plain; charset=utf-8", body("hello")));
        Path file = home.resolve("upload").resolve(slot.token()).resolve("hello.txt");
        assertEquals("hello", Files.readString(file));
        assertEquals(409, t.put(slot.token(), "hello.txt", 5, "text/plain", body("again")));
        StoredFile f = t.find(slot.token(), "hello.txt");
        assertNotNull(f);
        assertEquals("text/plain", f.contentType());
        assertEquals(file, t.path(f));
        assertNull(t.find(slot.token(), "other.txt"));
    }

    @Test
    void wrongLengthOrTypeIsRefusedWithoutUsingUpTheSlot() throws Exception {
        Transfers t = transfers();
        Slot slot = uploads.issue("a@x", "f.bin", 5, "image/png", now.get());
        assertEquals(413, t.put(slot.token(), "f.bin", 6, null, body("123456")));
        assertEquals(400, t.put(slot.token(), "f.bin", 4, null, body("1234")));
        assertEquals(400, t.put(slot.token(), "f.bin", -1, null, body("12345")));
        assertEquals(400, t.put(slot.token(), "f.bin", 5, "text/html", body("12345")));
        assertFalse(Files.exists(home.resolve("upload").resolve(slot.token())));
        assertEquals(201, t.put(slot.token(), "f.bin", 5, "image/png", body("12345")));
    }

    @Test
    void aBodyShorterThanAnnouncedLeavesNoFileAndTheSlotOpen() throws Exception {
        Transfers t = transfers();
        Slot slot = uploads.issue("a@x", "f.bin", 5, null, now.get());
        assertEquals(400, t.put(slot.token(), "f.bin", 5, null, body("123")));
        assertFalse(Files.exists(home.resolve("upload").resolve(slot.token())));
        assertEquals(201, t.put(slot.token(), "f.bin", 5, "application/octet-stream;", body("12345")));
        assertEquals("application/octet-stream", t.find(slot.token(), "f.bin").contentType());
    }

    @Test
    void unknownAndExpiredSlotsAreForbidden() throws Exception {
        Transfers t = transfers();
        Slot slot = uploads.issue("a@x", "f.bin", 1, null, now.get());
        assertEquals(403, t.put(FileNames.newToken(new SecureRandom()), "f.bin", 1, null, body("1")));
        assertEquals(404, t.put("..", "f.bin", 1, null, body("1")));
        now.addAndGet(UploadsTest.LIMITS.slotMillis() + 1);
        assertEquals(403, t.put(slot.token(), "f.bin", 1, null, body("1")));
    }

    @Test
    void storePathsCannotEscapeTheRoot() {
        UploadStore s = new UploadStore(home);
        assertThrows(IllegalArgumentException.class, () -> s.file("..", "x"));
        assertThrows(IllegalArgumentException.class, () -> s.file("AAAAAAAAAAAAAAAAAAAAAA", "../x"));
        assertThrows(IllegalArgumentException.class, () -> s.file("AAAAAAAAAAAAAAAAAAAAAA", ".meta"));
    }

    @Test
    void quotaAndFilesSurviveARestartAndIncompleteUploadsAreRemoved() throws Exception {
        Transfers t = transfers();
        Slot slot = uploads.issue("a@x", "keep.bin", 700, null, now.get());
        byte[] data = new byte[700];
        new SecureRandom().nextBytes(data);
        assertEquals(201, t.put(slot.token(), "keep.bin", 700, null, new ByteArrayInputStream(data)));
        Path debris = home.resolve("upload").resolve("BBBBBBBBBBBBBBBBBBBBBB");
        Files.createDirectories(debris);
        Files.write(debris.resolve(UploadStore.PART), new byte[10]);

        Uploads restarted = new Uploads(UploadsTest.LIMITS, new SecureRandom());
        assertEquals(1, new Cleanup(restarted, new UploadStore(home.resolve("upload")), now::get).load());
        assertEquals(700, restarted.used("a@x"));
        assertFalse(Files.exists(debris));
        Transfers after = new Transfers(restarted, new UploadStore(home.resolve("upload")), now::get);
        assertArrayEquals(data, Files.readAllBytes(after.path(after.find(slot.token(), "keep.bin"))));
    }

    @Test
    void cleanupDeletesExpiredFilesWithTheirFoldersAndFreesTheQuota() throws Exception {
        Transfers t = transfers();
        Slot old = uploads.issue("a@x", "old.txt", 3, null, now.get());
        assertEquals(201, t.put(old.token(), "old.txt", 3, null, body("old")));
        now.addAndGet(86_400_000L);
        Slot young = uploads.issue("a@x", "new.txt", 3, null, now.get());
        assertEquals(201, t.put(young.token(), "new.txt", 3, null, body("new")));
        Cleanup cleanup = new Cleanup(uploads, store, now::get);

        now.addAndGet(UploadsTest.LIMITS.expiryMillis() - 86_400_000L + 1);
        cleanup.run();
        assertFalse(Files.exists(home.resolve("upload").resolve(old.token())));
        assertNull(t.find(old.token(), "old.txt"));
        assertTrue(Files.exists(home.resolve("upload").resolve(young.token()).resolve("new.txt")));
        assertEquals(3, uploads.used("a@x"));
        now.addAndGet(86_400_000L);
        cleanup.run();
        assertFalse(Files.exists(home.resolve("upload").resolve(young.token())));
        assertEquals(0, uploads.used("a@x"));
    }
}
