package parlance.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNestedValuesWithEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a\"b\\c\n<script>");
        m.put("n", 42);
        m.put("ok", true);
        m.put("list", List.of("x", 1));
        m.put("none", null);
        assertEquals("{\"name\":\"a\\\"b\\\\c\\n\\u003cscript\\u003e\",\"n\":42,\"ok\":true,\"list\":[\"x\",1],"
                + "\"none\":null}", Json.write(m));
    }

    @Test
    void readsFlatObjects() {
        Map<String, Object> m = Json.parseObject(" {\"username\" : \"jul\\u0069et\", \"n\": 3, \"b\": false,"
                + " \"z\": null, \"s\": \"a\\\"b\"} ");
        assertEquals("juliet", m.get("username"));
        assertEquals(3.0, m.get("n"));
        assertEquals(false, m.get("b"));
        assertEquals("a\"b", m.get("s"));
        assertEquals(Map.of(), Json.parseObject("{}"));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\":\"unterminated}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
    }

    @Test
    void roundTripsWhatTheApiAccepts() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("password", "p\u00e4ss \"w\\ord\" \t");
        assertEquals(in, Json.parseObject(Json.write(in)));
    }
}
