package parlance.irc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 2812 §2.3.1 message format, RFC 2812 §2.2 case mapping, and the text rules of {@link IrcText}. */
class IrcLineTest {
    @Test
    void parsesPrefixCommandMiddleAndTrailingParameters() {
        IrcLine l = IrcLine.parse(":Bob!~bob@host.example PRIVMSG #test :hello there: you");
        assertEquals("Bob!~bob@host.example", l.prefix());
        assertEquals("Bob", l.nick());
        assertTrue(l.fromUser());
        assertEquals("PRIVMSG", l.command());
        assertEquals(List.of("#test", "hello there: you"), l.params());
        assertEquals("hello there: you", l.trailing());
    }

    @Test
    void parsesNumericRepliesServerPrefixesTagsAndSloppySpacing() {
        IrcLine names = IrcLine.parse(":irc.example.net 353 alice = #test :alice @bob +carol");
        assertEquals("353", names.command());
        assertEquals("#test", names.param(2));
        assertEquals("alice @bob +carol", names.trailing());
        assertFalse(names.fromUser(), "a server prefix");
        IrcLine tagged = IrcLine.parse("@time=2024-01-01T00:00:00Z :x!y@z  join   #Chan");
        assertEquals("JOIN", tagged.command());
        assertEquals(List.of("#Chan"), tagged.params());
        assertEquals("", IrcLine.parse("PING").param(0));
        assertEquals("irc.example.net", IrcLine.parse("PING :irc.example.net").trailing());
        assertNull(IrcLine.parse("   "));
        assertNull(IrcLine.parse(":onlyaprefix"));
    }

    @Test
    void formatsTheLastParameterAsTrailingWhenItMustBe() {
        assertEquals("PRIVMSG #test :hello world", IrcLine.of("PRIVMSG", "#test", "hello world").format());
        assertEquals("NICK alice", IrcLine.of("NICK", "alice").format());
        assertEquals("PRIVMSG bob ::-)", IrcLine.of("PRIVMSG", "bob", ":-)").format());
        assertEquals("TOPIC #t :", IrcLine.of("TOPIC", "#t", "").format());
        assertEquals("USER xmpp 0 * alice", IrcLine.of("USER", "xmpp", "0", "*", "alice").format());
        assertEquals("PRIVMSG bob :hi", IrcLine.text("PRIVMSG", "bob", "hi").format(), "text is always trailing");
        assertEquals("AWAY", IrcLine.text("AWAY").format());
    }

    @Test
    void textFromXmppCannotInjectASecondCommand() {
        String line = IrcLine.of("PRIVMSG", "#test", "hi\r\nQUIT :owned\0").format();
        assertFalse(line.contains("\r") || line.contains("\n") || line.contains("\0"), line);
        assertEquals("PRIVMSG #test :hi  QUIT :owned ", line);
    }

    @Test
    void namesCompareWithTheRfc1459CaseMapping() {
        assertTrue(IrcNames.same("Bob[away]", "bob{AWAY}"));
        assertTrue(IrcNames.same("a\\b~", "A|B^"));
        assertFalse(IrcNames.same("bob", "bob_"));
        assertTrue(IrcNames.isChannel("#test") && IrcNames.isChannel("&local") && !IrcNames.isChannel("test"));
        assertFalse(IrcNames.isChannel("#a,b") || IrcNames.isChannel("#a b") || IrcNames.isChannel("#"));
        assertTrue(IrcNames.isNick("[Alice]_") && IrcNames.isNick("a-1"));
        assertFalse(IrcNames.isNick("1abc") || IrcNames.isNick("a b") || IrcNames.isNick("-x") || IrcNames.isNick(""));
    }

    @Test
    void bodiesBecomeOnePrivmsgPerLineCutOnCharacterBoundaries() {
        assertEquals(List.of("one", "two"), IrcText.toIrc("one\r\n\ntwo\n"));
        String longText = "ä".repeat(300); // 600 bytes
        List<String> parts = IrcText.toIrc(longText);
        assertEquals(2, parts.size());
        assertEquals(longText, String.join("", parts));
        for (String p : parts) {
            assertTrue(p.getBytes(StandardCharsets.UTF_8).length <= IrcText.MAX_TEXT_BYTES);
        }
        String emoji = "😀".repeat(200); // surrogate pairs, 4 bytes each
        assertEquals(emoji, String.join("", IrcText.toIrc(emoji)));
    }

    @Test
    void meIsCtcpActionBothWaysAndOtherCtcpIsNoMessage() {
        assertEquals(List.of("\u0001ACTION waves\u0001"), IrcText.toIrc("/me waves"));
        assertEquals("/me waves", IrcText.fromIrc("\u0001ACTION waves\u0001"));
        assertTrue(IrcText.isCtcpQuery("\u0001VERSION\u0001"));
        assertFalse(IrcText.isCtcpQuery("\u0001ACTION waves\u0001"));
        assertEquals("plain", IrcText.fromIrc("plain"));
    }
}
