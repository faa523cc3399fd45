package parlance.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileEditorTest {
    /** What the boot bundle's DefaultConfigWriter writes for a PID. */
    private static final String DEFAULTS = "# parlance.offline: Offline messages\n"
            + "# Every key is shown at its default, commented out.\n\n"
            + "# Most messages stored per account (Integer)\n#limit = 100\n\n"
            + "# Whether to store (Boolean)\n#enabled = true\n\n"
            + "# Greeting (String)\n#greeting = hello\n";

    private static final List<ConfigAttribute> ATTRS = List.of(
            new ConfigAttribute("limit", "Limit", "", "Integer", "100", List.of(),
                    v -> Integer.parseInt(v) < 1 ? "Value is less than the minimum 1" : ""),
            ConfigAttribute.of("enabled", "Boolean", "true"),
            ConfigAttribute.of("greeting", "String", "hello"),
            new ConfigAttribute("mode", "Mode", "", "String", "open", List.of("open", "closed"), v -> null));

    private static Map<String, String> values(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Properties load(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void aSetKeyReplacesItsCommentedDefaultAndTheOthersStayCommented(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("parlance.offline.cfg");
        Files.writeString(file, DEFAULTS);
        String out = ConfigFileEditor.rewrite(Files.readString(file), ATTRS, values("limit", "5", "greeting", ""));
        Files.writeString(file, out, StandardCharsets.UTF_8);

        assertTrue(out.contains("\nlimit = 5\n"), out);
        assertFalse(out.contains("#limit"), "the commented default gave way: " + out);
        assertTrue(out.contains("#enabled = true\n"), out);
        assertTrue(out.contains("#greeting = hello\n"), out);
        assertTrue(out.contains("# Most messages stored per account (Integer)\n"), "comments are kept");
        Properties p = load(Files.readString(file));
        assertEquals(Map.of("limit", "5"), new HashMap<>(p));
    }

    @Test
    void resettingAKeyBringsBackTheCommentedDefault() throws Exception {
        String set = ConfigFileEditor.rewrite(DEFAULTS, ATTRS, values("limit", "5", "enabled", "false"));
        String again = ConfigFileEditor.rewrite(set, ATTRS, values("limit", "7"));
        assertEquals(Map.of("limit", "7", "enabled", "false"), new HashMap<>(load(again)));
        String reset = ConfigFileEditor.rewrite(again, ATTRS, values("limit", " ", "enabled", null));
        assertTrue(load(reset).isEmpty(), reset);
        assertEquals(DEFAULTS, reset, "back to the file as written at first start");
    }

    @Test
    void keysMissingFromTheFileAreAppendedAndValuesAreEscaped() throws Exception {
        String out = ConfigFileEditor.rewrite("# header\n", ATTRS, values("greeting", "a\\b c=d"));
        assertEquals("a\\b c=d", load(out).getProperty("greeting"));
        assertTrue(out.startsWith("# header\n"));
    }

    @Test
    void invalidValuesAreRejectedWithAMessagePerKey() {
        Map<String, String> errors = ConfigFileEditor.validate(ATTRS,
                values("limit", "many", "enabled", "yes", "mode", "half", "nosuch", "1"));
        assertEquals("must be an integer", errors.get("limit"));
        assertEquals("must be true or false", errors.get("enabled"));
        assertEquals("must be one of open, closed", errors.get("mode"));
        assertEquals("no such setting", errors.get("nosuch"));
        assertEquals("Value is less than the minimum 1",
                ConfigFileEditor.validate(ATTRS, values("limit", "0")).get("limit"), "the AD's range check");
        assertTrue(ConfigFileEditor.validate(ATTRS, values("limit", "1", "enabled", "FALSE", "mode", "closed",
                "greeting", "")).isEmpty());
        assertEquals("control characters are not allowed",
                ConfigFileEditor.validate(ATTRS, values("greeting", "a\u0000b")).get("greeting"));
    }
}
