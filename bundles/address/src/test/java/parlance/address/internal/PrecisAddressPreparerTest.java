package parlance.address.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;

/** RFC 7622 §3.5 examples and the preparation rules of §3.1–§3.4. */
class PrecisAddressPreparerTest {
    private final PrecisAddressPreparer p = new PrecisAddressPreparer();

    /** RFC 7622 §3.5.1 (valid), with the prepared form we expect. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "juliet@example.com|juliet@example.com",
        "juliet@example.com/foo|juliet@example.com/foo",
        "juliet@example.com/foo bar|juliet@example.com/foo bar",
        "juliet@example.com/foo@bar|juliet@example.com/foo@bar",
        "foo\\20bar@example.com|foo\\20bar@example.com",
        "fussball@example.com|fussball@example.com",
        "fu\u00DFball@example.com|fu\u00DFball@example.com",
        "\u03C0@example.com|\u03C0@example.com",
        "\u03A3@example.com/foo|\u03C3@example.com/foo",
        "\u03C3@example.com/foo|\u03C3@example.com/foo",
        "\u03C2@example.com/foo|\u03C2@example.com/foo",
        "king@example.com/\u265A|king@example.com/\u265A",
        "example.com|example.com",
        "example.com/foobar|example.com/foobar",
        "a.example.com/b@example.net|a.example.com/b@example.net",
    })
    void rfc7622ValidExamples(String input, String expected) throws JidFormatException {
        assertEquals(expected, p.parse(input).toString());
    }

    /** RFC 7622 §3.5.2 (invalid) plus the splitting and length rules. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\"juliet\"@example.com", "foo bar@example.com", "@example.com/", "henry\u2163@example.com",
        "\u265A@example.com", "juliet@", "/foobar", "juliet@example.com/", "@example.com", "",
        "juliet@a..b", "juliet@.example.com", "juliet@example.com..", "ju&liet@example.com", "ju:liet@example.com",
        "ju<liet@example.com", "ju'liet@example.com", "\uFF20juliet@example.com", "a@b@example.com",
        "juliet@exa mple.com", "juliet@\u2665.com", "juliet@-example.com", "juliet@[::g]", "juliet@[::1",
    })
    void rfc7622InvalidExamples(String input) {
        assertThrows(JidFormatException.class, () -> p.parse(input));
    }

    @Test
    void caseFoldsLocalAndDomainButNotResource() throws JidFormatException {
        Jid jid = p.parse("JuLiEt@ExAmPle.COM/Balcony");
        assertEquals("juliet", jid.local());
        assertEquals("example.com", jid.domain());
        assertEquals("Balcony", jid.resource());
        assertEquals("juliet@example.com/Balcony", jid.toString());
        assertEquals(p.parse("juliet@example.com/Balcony"), jid);
    }

    @Test
    void firstSlashSplitsResourceAndAtBeforeItSplitsLocal() throws JidFormatException {
        Jid jid = p.parse("example.com/user@host/more");
        assertNull(jid.local());
        assertEquals("example.com", jid.domain());
        assertEquals("user@host/more", jid.resource());
    }

    @Test
    void domainTrailingDotIsStripped() throws JidFormatException {
        assertEquals("example.com", p.prepareDomain("Example.com."));
        assertEquals("juliet@example.com", p.parse("juliet@example.com.").toString());
    }

    @Test
    void domainIdnaLabelsBecomeUnicodeLowercase() throws JidFormatException {
        assertEquals("fa\u00DF.de", p.prepareDomain("xn--fa-hia.de"));
        assertEquals("fa\u00DF.de", p.prepareDomain("FA\u00DF.DE")); // IDNA2008 keeps sharp s (IDNA2003 maps to ss)
        assertEquals("example.com", p.prepareDomain("\uFF25\uFF38\uFF21\uFF2D\uFF30\uFF2C\uFF25\u3002com"));
        assertEquals("b\u00FCcher.example", p.prepareDomain("B\u00DCCHER.example"));
        assertEquals("b\u00FCcher.example", p.prepareDomain("XN--BCHER-KVA.example"));
        assertEquals("\u4F8B\u3048.\u30C6\u30B9\u30C8", p.prepareDomain("xn--r8jz45g.xn--zckzah"));
        assertThrows(JidFormatException.class, () -> p.prepareDomain("xn--!!.example"));
    }

    @Test
    void domainIpLiterals() throws JidFormatException {
        assertEquals("127.0.0.1", p.prepareDomain("127.0.0.1"));
        assertEquals("[::1]", p.prepareDomain("[::1]"));
        assertEquals("[2001:db8::a]", p.prepareDomain("[2001:DB8::A]"));
    }

    @Test
    void domainPreparedTwiceGivesSameAnswer() throws JidFormatException {
        for (int i = 0; i < 3000; i++) { // many more than the cache holds
            assertEquals("host" + i + ".example", p.prepareDomain("HOST" + i + ".Example"));
        }
        assertEquals("host7.example", p.prepareDomain("HOST7.Example"));
        assertThrows(JidFormatException.class, () -> p.prepareDomain("a..b"));
        assertThrows(JidFormatException.class, () -> p.prepareDomain("a..b"));
    }

    @Test
    void partsAreLimitedTo1023Octets() throws JidFormatException {
        String a1023 = "a".repeat(1023);
        assertEquals(a1023, p.prepareLocal(a1023));
        assertEquals(a1023, p.prepareResource(a1023));
        assertThrows(JidFormatException.class, () -> p.prepareLocal("a".repeat(1024)));
        assertThrows(JidFormatException.class, () -> p.prepareResource("a".repeat(1024)));
        // 512 two-octet characters = 1024 octets
        assertThrows(JidFormatException.class, () -> p.prepareResource("\u00E9".repeat(512)));
        String longDomain = ("a".repeat(63) + ".").repeat(16) + "com"; // 1027 octets
        assertThrows(JidFormatException.class, () -> p.prepareDomain(longDomain));
        assertThrows(JidFormatException.class, () -> p.prepareDomain("a".repeat(64) + ".com")); // label > 63
    }

    @Test
    void localpartWidthMappingAndForbiddenCharacters() throws JidFormatException {
        assertEquals("juliet", p.prepareLocal("\uFF2A\uFF35\uFF2C\uFF29\uFF25\uFF34"));
        for (char c : "\"&'/:<>@".toCharArray()) {
            assertThrows(JidFormatException.class, () -> p.prepareLocal("ju" + c + "liet"), "char " + c);
        }
    }

    @Test
    void passwordsUseOpaqueString() throws JidFormatException {
        assertEquals("PenCil sharpener", p.preparePassword("PenCil sharpener"));
        assertEquals("pass word", p.preparePassword("pass\u00A0word")); // non-ASCII space mapped to SPACE
        assertEquals("\u00E9", p.preparePassword("e\u0301")); // NFC
        assertThrows(JidFormatException.class, () -> p.preparePassword(""));
        assertThrows(JidFormatException.class, () -> p.preparePassword("tab\there"));
    }

    /** The ASCII fast path gives exactly what the PRECIS library gives (or refuses what it refuses). */
    @Test
    void theAsciiFastPathAgreesWithTheLibrary() throws Exception {
        java.util.Random random = new java.util.Random(7622);
        java.util.List<String> samples = new java.util.ArrayList<>();
        for (char c = 0; c < 128; c++) {
            samples.add(String.valueOf(c));
            samples.add("a" + c + "Z");
        }
        for (int i = 0; i < 5000; i++) {
            char[] chars = new char[1 + random.nextInt(12)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (0x20 + random.nextInt(0x5F));
            }
            samples.add(new String(chars));
        }
        samples.add(" lead");
        samples.add("trail ");
        samples.add("x".repeat(1023));
        samples.add("x".repeat(1024));
        for (String s : samples) {
            assertEquals(outcome(() -> libraryLocal(s)), outcome(() -> p.prepareLocal(s)), "localpart " + s);
            assertEquals(outcome(() -> libraryResource(s)), outcome(() -> p.prepareResource(s)), "resource " + s);
        }
    }

    private interface Prep {
        String run() throws JidFormatException;
    }

    private static String outcome(Prep prep) {
        try {
            return "ok:" + prep.run();
        } catch (JidFormatException e) {
            return "refused";
        }
    }

    private static String libraryLocal(String s) throws JidFormatException {
        String prepared = library(rocks.xmpp.precis.PrecisProfiles.USERNAME_CASE_MAPPED, s);
        if (prepared.matches(".*[\"&'/:<>@].*")) {
            throw new JidFormatException("refused by RFC 7622 §3.3.1");
        }
        return prepared;
    }

    private static String libraryResource(String s) throws JidFormatException {
        return library(rocks.xmpp.precis.PrecisProfiles.OPAQUE_STRING, s);
    }

    private static String library(rocks.xmpp.precis.PrecisProfile profile, String s) throws JidFormatException {
        if (s.isEmpty()) {
            throw new JidFormatException("empty");
        }
        try {
            String prepared = profile.enforce(s);
            if (prepared.isEmpty() || prepared.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1023) {
                throw new JidFormatException("empty or too long");
            }
            return prepared;
        } catch (IllegalArgumentException e) {
            throw new JidFormatException(e.getMessage());
        }
    }
}
