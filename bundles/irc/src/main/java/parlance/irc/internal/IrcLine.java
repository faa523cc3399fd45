package parlance.irc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One IRC protocol message (RFC 2812 §2.3.1, RFC 1459 §2.3.1): an optional {@code :prefix}, a command (a word or a
 * three-digit numeric reply, §5), and up to 15 parameters, the last of which may be a {@code :trailing} one with
 * spaces. A value: parse a received line with {@link #parse}, build one to send with {@link #of} and
 * {@link #format}. Framing (CR LF, 512 bytes) is the pipeline's job ({@link IrcConnector}).
 */
record IrcLine(String prefix, String command, List<String> params, boolean text) {
    IrcLine {
        params = List.copyOf(params);
        command = command.toUpperCase(Locale.ROOT);
    }

    /** A line to send, without prefix (clients send none, RFC 2812 §2.3). */
    static IrcLine of(String command, String... params) {
        return new IrcLine(null, command, List.of(params), false);
    }

    /** A line whose last parameter is free text (PRIVMSG, AWAY, QUIT...): always sent as a trailing one. */
    static IrcLine text(String command, String... params) {
        return new IrcLine(null, command, List.of(params), true);
    }

    /**
     * Parses a received line (without CR LF). IRCv3 message tags ({@code @a=b;c }) are skipped; runs of spaces
     * between parameters are tolerated. Returns {@code null} for a blank line or one without a command.
     */
    static IrcLine parse(String line) {
        String rest = line.strip();
        if (rest.startsWith("@")) {
            int space = rest.indexOf(' ');
            rest = space < 0 ? "" : rest.substring(space + 1).stripLeading();
        }
        String prefix = null;
        if (rest.startsWith(":")) {
            int space = rest.indexOf(' ');
            if (space < 0) {
                return null;
            }
            prefix = rest.substring(1, space);
            rest = rest.substring(space + 1).stripLeading();
        }
        List<String> words = new ArrayList<>();
        while (!rest.isEmpty()) {
            if (rest.startsWith(":") && !words.isEmpty()) {
                words.add(rest.substring(1));
                break;
            }
            int space = rest.indexOf(' ');
            words.add(space < 0 ? rest : rest.substring(0, space));
            rest = space < 0 ? "" : rest.substring(space + 1).stripLeading();
        }
        if (words.isEmpty()) {
            return null;
        }
        return new IrcLine(prefix, words.get(0), words.subList(1, words.size()), false);
    }

    /**
     * The line as sent, without CR LF. The last parameter becomes a trailing one when it is text ({@link #text}), is
     * empty, has a space or starts with a colon. CR, LF and NUL, which would end or corrupt the line (§2.3.1), become spaces, so text
     * from XMPP can never inject a second command.
     */
    String format() {
        StringBuilder out = new StringBuilder(64);
        if (prefix != null) {
            out.append(':').append(prefix).append(' ');
        }
        out.append(command);
        for (int i = 0; i < params.size(); i++) {
            String p = clean(params.get(i));
            boolean last = i == params.size() - 1;
            out.append(' ');
            if (last && (text || p.isEmpty() || p.indexOf(' ') >= 0 || p.startsWith(":"))) {
                out.append(':');
            }
            out.append(p);
        }
        return out.toString();
    }

    private static String clean(String p) {
        return p.replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
    }

    /** The i-th parameter, or {@code ""} when there are fewer. */
    String param(int i) {
        return i < params.size() ? params.get(i) : "";
    }

    /** The last parameter (the text of PRIVMSG, the reason of PART/QUIT), or {@code ""}. */
    String trailing() {
        return params.isEmpty() ? "" : params.get(params.size() - 1);
    }

    /** The nickname of the prefix {@code nick!user@host} (RFC 2812 §2.3.1), or the whole prefix (a server). */
    String nick() {
        if (prefix == null) {
            return "";
        }
        int bang = prefix.indexOf('!');
        int at = prefix.indexOf('@');
        int end = bang >= 0 ? bang : at >= 0 ? at : prefix.length();
        return prefix.substring(0, end);
    }

    /** True for a prefix naming a user rather than a server (it has {@code !} or {@code @}, or no dot). */
    boolean fromUser() {
        return prefix != null && (prefix.indexOf('!') >= 0 || prefix.indexOf('@') >= 0 || prefix.indexOf('.') < 0);
    }

    @Override
    public String toString() {
        return format();
    }
}
