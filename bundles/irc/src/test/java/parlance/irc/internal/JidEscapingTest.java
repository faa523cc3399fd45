package parlance.irc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** XEP-0106 §4, with the examples of its §5 table and the IRC names the gateway meets. */
class JidEscapingTest {
    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "space cadet|space\\20cadet",
        "call me \"ishmael\"|call\\20me\\20\\22ishmael\\22",
        "at&t guy|at\\26t\\20guy",
        "d'artagnan|d\\27artagnan",
        "/.fanboy|\\2f.fanboy",
        "::foo::|\\3a\\3afoo\\3a\\3a",
        "<foo>|\\3cfoo\\3e",
        "user@host|user\\40host",
        "c:\\net|c\\3a\\net",
        "c:\\\\net|c\\3a\\\\net",
        "c:\\cool stuff|c\\3a\\cool\\20stuff",
        "c:\\5commas|c\\3a\\5c5commas",
        "&local|\\26local",
        "#test|#test",
        "foo\\bar|foo\\bar",
        "[away]^|[away]^",
    })
    void escapesAndUnescapesBothWays(String name, String local) {
        assertEquals(local, JidEscaping.escape(name));
        assertEquals(name, JidEscaping.unescape(local));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\\5C|\\", "\\2F|/", "\\41|\\41", "\\g0|\\g0", "a\\|a\\", "\\4|\\4"})
    void unescapesOnlyTheTenSequencesInEitherCase(String local, String name) {
        assertEquals(name, JidEscaping.unescape(local));
    }
}
