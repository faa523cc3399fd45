package parlance.filetransfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The TURN REST API credentials (coturn use-auth-secret) and the service URIs of PID parlance.extdisco. */
class TurnCredentialsTest {
    @Test
    void passwordIsBase64HmacSha1OfTheUsernameMatchingOpenssl() {
        // printf '%s' '1700000000:alice@example.org' | openssl dgst -sha1 -hmac 'north-wind' -binary | base64
        TurnCredentials c = TurnCredentials.of("north-wind", "alice@example.org", 1_700_000_000L);
        assertEquals("1700000000:alice@example.org", c.username());
        assertEquals("zCdVRyESYKNQ2LP7HhZXcpcvzPw=", c.password());
    }

    @Test
    void differentSecretGivesDifferentPassword() {
        assertEquals(false, TurnCredentials.password("other", "1700000000:alice@example.org")
                .equals("zCdVRyESYKNQ2LP7HhZXcpcvzPw="));
    }

    @Test
    void parsesServiceUris() {
        List<ExtService> all = ExtService.parseAll(new String[] {
                "stun:stun.example.org turn:127.0.0.1:3479?transport=tcp&secret=s3&ttl=600"}, 86400);
        assertEquals(2, all.size());
        ExtService stun = all.get(0);
        assertEquals("stun", stun.type());
        assertEquals("stun.example.org", stun.host());
        assertEquals(3478, stun.port());
        assertEquals("udp", stun.transport());
        assertNull(stun.secret());
        ExtService turn = all.get(1);
        assertEquals(new ExtService("turn", "127.0.0.1", 3479, "tcp", "s3", 600), turn);
        assertEquals(true, turn.restricted());
    }

    @Test
    void rejectsUnknownServiceType() {
        assertThrows(IllegalArgumentException.class, () -> ExtService.parse("http://x", 1));
    }
}
