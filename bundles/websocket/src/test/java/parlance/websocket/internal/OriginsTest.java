package parlance.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cors.origins setting of BOSH and WebSocket. */
class OriginsTest {
    @Test
    void starAllowsEveryOrigin() {
        Origins o = new Origins("*");
        assertTrue(o.allows("https://evil.example"));
        assertEquals("*", o.allowOriginHeader("https://chat.example.org"));
        assertFalse(o.varies());
    }

    @Test
    void listAllowsOnlyItsOrigins() {
        Origins o = new Origins(" https://chat.example.org/, http://localhost:8080");
        assertTrue(o.allows("https://Chat.Example.org"));
        assertTrue(o.allows("http://localhost:8080"));
        assertFalse(o.allows("http://localhost:8081"));
        assertFalse(o.allows("https://evil.example"));
        assertEquals("http://localhost:8080", o.allowOriginHeader("http://localhost:8080"));
        assertNull(o.allowOriginHeader("https://evil.example"));
        assertTrue(o.varies());
    }

    @Test
    void requestsWithoutOriginAreNotFromBrowsers() {
        assertTrue(new Origins("https://chat.example.org").allows(null));
        assertFalse(new Origins("").allows("https://chat.example.org"), "an empty list allows no browser page");
    }
}
