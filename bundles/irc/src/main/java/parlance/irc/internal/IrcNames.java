package parlance.irc.internal;

/**
 * What IRC says about names: channel prefixes (RFC 2812 §1.3), the nickname grammar (§2.3.1, lengths relaxed to
 * what today's servers accept) and case-insensitive comparison with the RFC 1459 case mapping (§2.2: {@code {}|^}
 * are the lower case of {@code []\~}).
 */
final class IrcNames {
    /** Longest nickname accepted at registration; servers announce theirs (NICKLEN), usually 9 to 30. */
    static final int MAX_NICK = 30;

    private IrcNames() {
    }

    /** True for a channel name: prefix {@code # & + !} (RFC 2812 §1.3), no space, comma or control character, at most 50. */
    static boolean isChannel(String name) {
        if (name == null || name.length() < 2 || name.length() > 50 || "#&+!".indexOf(name.charAt(0)) < 0) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c == ',' || c < ' ') {
                return false;
            }
        }
        return true;
    }

    /** True for a nickname by RFC 2812 §2.3.1: a letter or special first, then letters, digits, specials, '-'. */
    static boolean isNick(String nick) {
        if (nick == null || nick.isEmpty() || nick.length() > MAX_NICK) {
            return false;
        }
        for (int i = 0; i < nick.length(); i++) {
            char c = nick.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            boolean special = "[]\\`_^{|}".indexOf(c) >= 0;
            boolean ok = i == 0 ? letter || special : letter || special || c >= '0' && c <= '9' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The case-folded form for comparing nicknames and channel names (RFC 2812 §2.2, rfc1459 mapping). */
    static String fold(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            } else if (c == '[') {
                c = '{';
            } else if (c == ']') {
                c = '}';
            } else if (c == '\\') {
                c = '|';
            } else if (c == '~') {
                c = '^';
            }
            out.append(c);
        }
        return out.toString();
    }

    /** True when two names are the same to IRC. */
    static boolean same(String a, String b) {
        return fold(a).equals(fold(b));
    }
}
