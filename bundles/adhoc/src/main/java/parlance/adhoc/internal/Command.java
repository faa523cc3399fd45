package parlance.adhoc.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.StanzaError;

/**
 * One command (XEP-0050 §3): its node and name, the form of its first stage ({@code null}: it runs at once, a
 * single stage), and what it does with the submitted values.
 */
interface Command {
    String node();

    String name();

    /** Whether {@code requester} may see and run the command (XEP-0050 §4.6). */
    boolean allowed(Jid requester);

    /** The form to fill in, or {@code null} for a command that completes on execute. */
    Element form();

    /** Runs the command with the submitted values; fails with {@link Refused} for a stanza error. */
    CompletionStage<Outcome> run(Jid requester, Map<String, List<String>> values);

    /** What a completed command shows (XEP-0050 §3.4): a note and optionally a result form. */
    record Outcome(String note, Element result) {
        static Outcome note(String text) {
            return new Outcome(text, null);
        }
    }

    /** A command that cannot run with these values, answered with a stanza error. */
    final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final StanzaError condition;

        Refused(StanzaError condition, String text) {
            super(text, null, false, false);
            this.condition = condition;
        }
    }
}
