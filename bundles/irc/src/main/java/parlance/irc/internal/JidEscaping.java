package parlance.irc.internal;

/**
 * JID escaping (XEP-0106 1.1 §4): IRC nicknames and channel names may contain characters that RFC 7622 §3.3.1
 * forbids in a localpart (space {@code "&'/:<>@}). They are written as a backslash and two hex digits:
 * {@code \20} space, {@code \22} {@code "}, {@code \26} {@code &}, {@code \27} {@code '}, {@code \2f} {@code /},
 * {@code \3a} {@code :}, {@code \3c} {@code <}, {@code \3e} {@code >}, {@code \40} {@code @}, {@code \5c}
 * {@code \}. A backslash is escaped only where it would otherwise start one of these sequences (§4.2, rule 2), so
 * the common IRC nick {@code foo\bar} stays as it is; unescaping turns back only these ten sequences (§4.3).
 */
final class JidEscaping {
    private static final String ESCAPABLE = " \"&'/:<>@\\";

    private JidEscaping() {
    }

    /** The localpart that stands for an IRC name (XEP-0106 §4.2). */
    static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' ? startsSequence(name, i) : ESCAPABLE.indexOf(c) >= 0) {
                out.append('\\').append(hex(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The IRC name a localpart stands for (XEP-0106 §4.3); text without escape sequences is returned as is. */
    static String unescape(String local) {
        StringBuilder out = new StringBuilder(local.length());
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '\\' && startsSequence(local, i)) {
                out.append((char) Integer.parseInt(local.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True when {@code text} has one of the ten escape sequences at {@code i} (case-insensitive hex). */
    private static boolean startsSequence(String text, int i) {
        if (i + 3 > text.length() || text.charAt(i) != '\\') {
            return false;
        }
        int value;
        try {
            value = Integer.parseInt(text.substring(i + 1, i + 3), 16);
        } catch (NumberFormatException e) {
            return false;
        }
        return ESCAPABLE.indexOf((char) value) >= 0 && Character.digit(text.charAt(i + 1), 16) >= 0;
    }

    private static String hex(char c) {
        return String.format("%02x", (int) c);
    }
}
