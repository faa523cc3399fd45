package parlance.archive.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.storage.ArchiveStore;
import parlance.api.storage.ArchivedMessage;
import parlance.api.storage.RosterStore;
import parlance.api.storage.UserStore;

/**
 * Writes an account's one-to-one messages to its archive (XEP-0313 §3, §6): the {@link ArchiveStore} archive named by
 * the account's bare address, {@code with} the conversation partner as addressed (full or bare). Archived are
 * messages of type chat or normal (and unknown types, RFC 6121 §5.2.2) with a body, a {@code <store/>} hint
 * (XEP-0334 §4.4, XEP-0313 §5) or a Jingle Message Initiation payload (XEP-0353 §3, which mandates the hint), both
 * received and sent; not groupchat (rooms keep their own archive), headline or error, nor messages hinted
 * {@code no-store} or {@code no-permanent-store} (XEP-0334 §4.2, §4.3: these win over {@code <store/>}). The
 * account's preferences (§6.2) decide per partner.
 *
 * <p>A received message is written before delivery and the delivered copy carries the archive id as
 * {@code <stanza-id by='account'/>} (XEP-0359 §3); ids claiming to be the account's are removed first (§5). A write
 * that fails or outlasts the configured timeout lets the message go on without an id (one log line): delivery is
 * never lost to the archive.
 */
@Component(service = MessageArchive.class, configurationPid = ArchiveConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class MessageArchive {
    private static final Logger LOG = LoggerFactory.getLogger(MessageArchive.class);

    private final ArchiveStore store;
    private final Preferences preferences;
    private final RosterStore rosters;
    private final UserStore users;
    private final SessionManager sessions;
    private volatile int timeoutSeconds;

    @Activate
    public MessageArchive(@Reference ArchiveStore store, @Reference Preferences preferences,
            @Reference RosterStore rosters, @Reference UserStore users, @Reference SessionManager sessions,
            ArchiveConfig config) {
        this.store = store;
        this.preferences = preferences;
        this.rosters = rosters;
        this.users = users;
        this.sessions = sessions;
        modified(config);
    }

    @Modified
    void modified(ArchiveConfig config) {
        timeoutSeconds = Math.max(1, config.timeout_seconds());
    }

    /** Whether a message belongs in an account archive at all (before preferences). */
    static boolean archivable(Stanza message) {
        if (message.kind() != Stanza.Kind.MESSAGE) {
            return false;
        }
        String type = message.type();
        if ("groupchat".equals(type) || "headline".equals(type) || "error".equals(type)) {
            return false;
        }
        if (Stamps.hinted(message, "no-store") || Stamps.hinted(message, "no-permanent-store")) {
            return false;
        }
        return Stamps.hasBody(message) || Stamps.hinted(message, "store") || Stamps.jingleMessage(message);
    }

    /**
     * A message for {@code account} from {@code message.from()}: archived when the preferences say so; completes
     * with the copy to deliver (stamped when archived), never exceptionally.
     */
    CompletionStage<Stanza> inbound(Jid account, Stanza message) {
        Stanza clean = Stamps.strip(message, account);
        if (!archivable(clean) || clean.from() == null || account.local() == null) {
            return CompletableFuture.completedFuture(clean);
        }
        String with = clean.from().toString();
        // the account must exist before it gets an archive; one with a session does, so the user store is asked
        // only for messages to accounts without one (offline, or none at all), and only when the preferences
        // (in memory after the first message) want the message archived
        CompletionStage<Boolean> wanted = wanted(account.local(), with).thenCompose(yes -> !yes
                || !sessions.sessions(account).isEmpty() ? CompletableFuture.completedFuture(yes)
                : users.exists(account.local()).thenApply(Boolean.TRUE::equals));
        return bounded(wanted.thenCompose(yes -> yes ? append(account, with, clean)
                        .thenApply(stored -> Stamps.stamp(clean, account, stored.id()))
                : CompletableFuture.completedFuture(clean)), account, clean);
    }

    /**
     * A message the account sent to {@code message.to()} (already stripped of ids claiming to be the account's):
     * completes with the archive id, or {@code null} when it was not archived; never exceptionally.
     */
    CompletionStage<String> outbound(Jid account, Stanza message) {
        if (!archivable(message) || message.to() == null || account.local() == null) {
            return CompletableFuture.completedFuture(null);
        }
        String with = message.to().toString();
        return bounded(wanted(account.local(), with).thenCompose(yes -> yes
                ? append(account, with, message).thenApply(ArchivedMessage::id)
                : CompletableFuture.completedFuture((String) null)), account, null);
    }

    private CompletionStage<ArchivedMessage> append(Jid account, String with, Stanza message) {
        return store.append(account.toString(), with, message.element().asXML());
    }

    /** The preferences' decision for a partner, asking the roster for the {@code roster} default (§6.2). */
    private CompletionStage<Boolean> wanted(String user, String with) {
        return preferences.get(user).thenCompose(prefs -> {
            Boolean decided = prefs.decide(with);
            if (decided != null) {
                return CompletableFuture.completedFuture(decided);
            }
            String bare = Prefs.bare(with);
            return rosters.roster(user).thenApply(roster -> roster.items().stream()
                    .anyMatch(item -> item.jid().toString().equals(bare)));
        });
    }

    private <T> CompletionStage<T> bounded(CompletionStage<T> work, Jid account, T fallback) {
        return work.toCompletableFuture().orTimeout(timeoutSeconds, TimeUnit.SECONDS).exceptionally(e -> {
            LOG.warn("Archiving a message of {} failed; it goes on without an archive id: {}", account, e.toString());
            return fallback;
        });
    }
}
