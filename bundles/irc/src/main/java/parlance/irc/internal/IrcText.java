package parlance.irc.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Message text between XMPP bodies and IRC lines: a body becomes one PRIVMSG per line, each cut to fit the 512
 * bytes of a line (RFC 2812 §2.3) once the server has put its prefix in front, on UTF-8 character boundaries; the
 * CTCP ACTION of IRC clients (a line {@code \u0001ACTION text\u0001}) is the {@code /me text} of XMPP clients
 * (XEP-0245) both ways.
 */
final class IrcText {
    /** Bytes of text per PRIVMSG: 512 less CR LF, the command, the target and a relayed prefix of up to ~100. */
    static final int MAX_TEXT_BYTES = 380;
    private static final String ACTION = "\u0001ACTION ";

    private IrcText() {
    }

    /** The texts of the PRIVMSGs for one message body; blank lines are dropped. */
    static List<String> toIrc(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\r\n|\r|\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("/me ")) {
                line = ACTION + line.substring(4) + "\u0001";
            }
            cut(line, out);
        }
        return out;
    }

    /** The body for the text of a received PRIVMSG or NOTICE. */
    static String fromIrc(String text) {
        if (text.startsWith(ACTION)) {
            String action = text.substring(ACTION.length());
            return "/me " + (action.endsWith("\u0001") ? action.substring(0, action.length() - 1) : action);
        }
        return text;
    }

    /** True for a CTCP request other than ACTION (VERSION, PING...), which is not shown as a message. */
    static boolean isCtcpQuery(String text) {
        return text.startsWith("\u0001") && !text.startsWith(ACTION);
    }

    private static void cut(String line, List<String> out) {
        int start = 0;
        while (start < line.length()) {
            int end = start;
            int bytes = 0;
            while (end < line.length()) {
                int cp = line.codePointAt(end);
                int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (bytes + size > MAX_TEXT_BYTES) {
                    break;
                }
                bytes += size;
                end += Character.charCount(cp);
            }
            out.add(line.substring(start, end));
            start = end;
        }
    }
}
