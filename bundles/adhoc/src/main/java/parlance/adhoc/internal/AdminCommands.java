package parlance.adhoc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.auth.AccountManager;
import parlance.api.router.Router;
import parlance.api.server.ServerInfo;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The Service Administration commands of XEP-0133 that Parlance offers to server admins ({@link ServerInfo#isAdmin}):
 * §4.1 add-user, §4.2 delete-user, §4.7 change-user-password, §4.15 get-online-users-num, §4.16
 * get-online-users-list (one stage: every online account), §4.23 announce (a headline from the server to every
 * bound session).
 */
@Component(service = AdminCommands.class)
public class AdminCommands {
    private final AccountManager accounts;
    private final SessionManager sessions;
    private final ServerInfo server;
    private final AddressPreparer preparer;
    private final Router router;
    private final List<Command> all;

    @Activate
    public AdminCommands(@Reference AccountManager accounts, @Reference SessionManager sessions,
            @Reference ServerInfo server, @Reference AddressPreparer preparer, @Reference Router router) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.server = server;
        this.preparer = preparer;
        this.router = router;
        this.all = List.of(
                admin("add-user", "Add a User", () -> {
                    Element x = Forms.form("form", "Adding a User");
                    Forms.field(x, "accountjid", "jid-single", "The Jabber ID for the account to be added", true,
                            List.of());
                    Forms.field(x, "password", "text-private", "The password for this account", true, List.of());
                    Forms.field(x, "password-verify", "text-private", "Retype password", true, List.of());
                    return x;
                }, this::addUser),
                admin("delete-user", "Delete a User", () -> {
                    Element x = Forms.form("form", "Deleting a User");
                    Forms.field(x, "accountjids", "jid-multi", "The Jabber ID(s) to delete", true, List.of());
                    return x;
                }, this::deleteUsers),
                admin("change-user-password", "Change User Password", () -> {
                    Element x = Forms.form("form", "Changing a User Password");
                    Forms.field(x, "accountjid", "jid-single", "The Jabber ID for this account", true, List.of());
                    Forms.field(x, "password", "text-private", "The password for this account", true, List.of());
                    return x;
                }, this::changePassword),
                admin("get-online-users-num", "Get Number of Online Users", null, (r, v) -> {
                    Element x = Forms.form("result", "Number of Online Users");
                    Forms.field(x, "onlineusersnum", "text-single", "The number of online users", false,
                            List.of(Integer.toString(online().size())));
                    return done(new Command.Outcome(null, x));
                }),
                admin("get-online-users-list", "Get List of Online Users", null, (r, v) -> {
                    Element x = Forms.form("result", "List of Online Users");
                    Forms.field(x, "onlineuserjids", "jid-multi", "The list of all online users", false,
                            new ArrayList<>(online()));
                    return done(new Command.Outcome(null, x));
                }),
                admin("announce", "Send Announcement to Online Users", () -> {
                    Element x = Forms.form("form", "Making an Announcement");
                    Forms.field(x, "subject", "text-single", "Subject", false, List.of());
                    Forms.field(x, "announcement", "text-multi", "Announcement", true, List.of());
                    return x;
                }, this::announce));
    }

    List<Command> all() {
        return all;
    }

    private Command admin(String name, String title, Supplier<Element> form,
            BiFunction<Jid, Map<String, List<String>>, CompletionStage<Command.Outcome>> run) {
        String node = Ns.ADMIN + '#' + name;
        return new Command() {
            public String node() {
                return node;
            }

            public String name() {
                return title;
            }

            public boolean allowed(Jid requester) {
                return requester != null && requester.domain().equals(server.domain()) && server.isAdmin(requester);
            }

            public Element form() {
                return form == null ? null : form.get();
            }

            public CompletionStage<Outcome> run(Jid requester, Map<String, List<String>> values) {
                return run.apply(requester, values);
            }
        };
    }

    private static CompletionStage<Command.Outcome> done(Command.Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    /** The localpart of an account of this server, or a {@link Command.Refused} for anything else. */
    private String username(String jid) {
        try {
            Jid parsed = jid == null ? null : preparer.parse(jid.trim());
            if (parsed == null || parsed.local() == null || parsed.resource() != null
                    || !parsed.domain().equals(server.domain())) {
                throw new Command.Refused(StanzaError.BAD_REQUEST, "Not an account of " + server.domain() + ": " + jid);
            }
            return parsed.local();
        } catch (JidFormatException e) {
            throw new Command.Refused(StanzaError.JID_MALFORMED, e.getMessage());
        }
    }

    private static String required(Map<String, List<String>> v, String var) {
        String value = Forms.first(v, var);
        if (value == null || value.isEmpty()) {
            throw new Command.Refused(StanzaError.BAD_REQUEST, "Missing " + var);
        }
        return value;
    }

    private CompletionStage<Command.Outcome> addUser(Jid requester, Map<String, List<String>> v) {
        String user = username(required(v, "accountjid"));
        String password = required(v, "password");
        if (v.containsKey("password-verify") && !password.equals(Forms.first(v, "password-verify"))) {
            throw new Command.Refused(StanzaError.BAD_REQUEST, "The passwords do not match");
        }
        return accounts.create(user, password).thenApply(created -> {
            if (!created) {
                throw new Command.Refused(StanzaError.CONFLICT, "The account exists");
            }
            return Command.Outcome.note("Account " + user + '@' + server.domain() + " created");
        });
    }

    private CompletionStage<Command.Outcome> deleteUsers(Jid requester, Map<String, List<String>> v) {
        List<String> jids = v.getOrDefault("accountjids", List.of());
        if (jids.isEmpty()) {
            throw new Command.Refused(StanzaError.BAD_REQUEST, "Missing accountjids");
        }
        List<String> users = jids.stream().map(this::username).toList();
        List<String> missing = new ArrayList<>();
        CompletableFuture<?> all = CompletableFuture.allOf(users.stream().map(u -> accounts.delete(u)
                .thenAccept(deleted -> {
                    if (!deleted) {
                        synchronized (missing) {
                            missing.add(u);
                        }
                    }
                }).toCompletableFuture()).toArray(CompletableFuture[]::new));
        return all.thenApply(x -> Command.Outcome.note(missing.isEmpty() ? "Deleted " + users.size() + " account(s)"
                : "No such account(s): " + String.join(", ", missing)));
    }

    private CompletionStage<Command.Outcome> changePassword(Jid requester, Map<String, List<String>> v) {
        String user = username(required(v, "accountjid"));
        return accounts.changePassword(user, required(v, "password")).thenApply(changed -> {
            if (!changed) {
                throw new Command.Refused(StanzaError.ITEM_NOT_FOUND, "No such account");
            }
            return Command.Outcome.note("Password changed");
        });
    }

    private CompletionStage<Command.Outcome> announce(Jid requester, Map<String, List<String>> v) {
        List<String> lines = v.getOrDefault("announcement", List.of());
        if (lines.isEmpty()) {
            throw new Command.Refused(StanzaError.BAD_REQUEST, "Missing announcement");
        }
        String subject = Forms.first(v, "subject");
        Jid from = Jid.ofPrepared(null, server.domain(), null);
        int n = 0;
        for (ClientSession session : sessions.all()) {
            Element m = Stanzas.newElement(Stanza.Kind.MESSAGE);
            m.addAttribute("type", "headline");
            m.addAttribute("from", from.toString());
            m.addAttribute("to", session.jid().toString());
            if (subject != null && !subject.isEmpty()) {
                m.addElement(QName.get("subject", m.getNamespaceURI())).setText(subject);
            }
            m.addElement(QName.get("body", m.getNamespaceURI())).setText(String.join("\n", lines));
            router.route(Stanza.of(m, from, session.jid()));
            n++;
        }
        return done(Command.Outcome.note("Announcement sent to " + n + " session(s)"));
    }

    private TreeSet<String> online() {
        TreeSet<String> users = new TreeSet<>();
        for (ClientSession s : sessions.all()) {
            users.add(s.jid().bare().toString());
        }
        return users;
    }
}
