package parlance.upload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class UploadsTest {
    static final Limits LIMITS = new Limits(1000, 2500, 300_000, 7 * 86_400_000L);
    final Uploads uploads = new Uploads(LIMITS, new SecureRandom());

    @Test
    void aSlotHasASanitizedNameAndExpiresAfterItsLifetime() throws Exception {
        Slot slot = uploads.issue("alice@example.org", "../x y.txt", 10, "Text/Plain; charset=utf-8", 1000);
        assertEquals("x_y.txt", slot.filename());
        assertEquals("text/plain", slot.contentType());
        assertEquals(301_000, slot.expiresAt());
        assertTrue(FileNames.isToken(slot.token()));
    }

    @Test
    void tooLargeZeroAndBadTypesAreRefused() {
        assertEquals(Uploads.Refusal.TOO_LARGE,
                assertThrows(Uploads.Refused.class, () -> uploads.issue("a@x", "f", 1001, null, 0)).reason);
        assertEquals(Uploads.Refusal.BAD_REQUEST,
                assertThrows(Uploads.Refused.class, () -> uploads.issue("a@x", "f", 0, null, 0)).reason);
        assertEquals(Uploads.Refusal.BAD_REQUEST,
                assertThrows(Uploads.Refused.class, () -> uploads.issue("a@x", "f", 1, "text/html\r\nX: y", 0)).reason);
    }

    @Test
    void quotaCountsOpenSlotsAndStoredFilesPerUser() throws Exception {
        uploads.issue("a@x", "1", 1000, null, 0);
        Slot s2 = uploads.issue("a@x", "2", 1000, null, 0);
        uploads.stored(new StoredFile(s2.token(), "2", 1000, "", "a@x", 0));
        assertEquals(2000, uploads.used("a@x"));
        assertEquals(Uploads.Refusal.QUOTA,
                assertThrows(Uploads.Refused.class, () -> uploads.issue("a@x", "3", 501, null, 0)).reason);
        assertNotNull(uploads.issue("a@x", "3", 500, null, 0), "exactly up to the quota is fine");
        assertNotNull(uploads.issue("b@x", "1", 1000, null, 0), "another user has their own quota");
    }

    @Test
    void expiredSlotsReleaseTheirReservation() throws Exception {
        uploads.issue("a@x", "1", 1000, null, 0);
        uploads.issue("a@x", "2", 1000, null, 0);
        assertTrue(uploads.expire(299_999).isEmpty());
        assertEquals(2000, uploads.used("a@x"));
        uploads.expire(300_001);
        assertEquals(0, uploads.used("a@x"));
    }

    @Test
    void aSlotIsClaimedOnceWithItsOwnNameBeforeItExpires() throws Exception {
        Slot slot = uploads.issue("a@x", "f.txt", 5, null, 0);
        assertNull(uploads.claim(slot.token(), "other.txt", 1));
        assertNull(uploads.claim(slot.token(), "f.txt", 300_001), "expired");
        assertFalse(uploads.taken(slot.token()));
        assertEquals(slot, uploads.claim(slot.token(), "f.txt", 1));
        assertNull(uploads.claim(slot.token(), "f.txt", 2));
        assertTrue(uploads.taken(slot.token()));
        uploads.failed(slot);
        assertEquals(slot, uploads.claim(slot.token(), "f.txt", 3), "a failed PUT may be retried");
    }

    @Test
    void storedFilesAreServedUntilTheyExpireThenReturnedForDeletion() throws Exception {
        uploads.restore(new StoredFile("AAAAAAAAAAAAAAAAAAAAAA", "f", 700, "", "a@x", 0));
        assertEquals(700, uploads.used("a@x"));
        assertNotNull(uploads.file("AAAAAAAAAAAAAAAAAAAAAA", LIMITS.expiryMillis()));
        assertEquals(1, uploads.expire(LIMITS.expiryMillis() + 1).size());
        assertNull(uploads.file("AAAAAAAAAAAAAAAAAAAAAA", LIMITS.expiryMillis()));
        assertEquals(0, uploads.used("a@x"));
    }
}
