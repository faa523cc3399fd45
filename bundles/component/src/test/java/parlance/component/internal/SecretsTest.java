package parlance.component.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretsTest {
    /** XEP-0114 §3: lowercase hex SHA-1 of stream id + secret (sha1("test") computed independently). */
    @Test
    void handshakeIsHexSha1OfIdAndSecret() {
        assertEquals("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", Secrets.handshake("te", "st")); // sha1("test")
    }

    @Test
    void parsesListsAndCommaSeparatedValues() {
        Secrets s = Secrets.parse(new String[] {"a.example=1, b.example=2", "C.example=3"}, d -> d);
        assertEquals(3, s.size());
        assertTrue(s.knows("c.example"));
        assertTrue(s.verify("a.example", "id", Secrets.handshake("id", "1")));
        assertFalse(s.verify("a.example", "id", Secrets.handshake("id", "2")));
        assertFalse(s.verify("a.example", "id", "not hex"));
        assertFalse(s.verify("z.example", "id", Secrets.handshake("id", "1")));
    }

    @Test
    void malformedEntryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Secrets.parse(new String[] {"nosecret"}, d -> d));
        assertThrows(IllegalArgumentException.class, () -> Secrets.parse(new String[] {"a.example="}, d -> d));
    }
}
