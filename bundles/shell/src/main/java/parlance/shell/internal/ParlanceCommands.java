package parlance.shell.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import parlance.api.auth.AccountManager;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.StreamError;

/**
 * Gogo shell commands in scope {@code parlance} (the Felix Gogo command convention: services carrying
 * {@code osgi.command.scope} and {@code osgi.command.function}; plain public methods, every result one printed
 * string). They run on the shell's own thread, so they may wait for the asynchronous account services, bounded by
 * the configured timeout. The services are optional: a command whose service is missing says so.
 */
@Component(configurationPid = "parlance.shell", service = ParlanceCommands.class, property = {"osgi.command.scope=parlance",
        "osgi.command.function=useradd", "osgi.command.function=userdel", "osgi.command.function=users",
        "osgi.command.function=passwd", "osgi.command.function=sessions", "osgi.command.function=kick"})
@Designate(ocd = ParlanceCommands.Config.class)
public class ParlanceCommands {
    /** Shell settings. */
    @ObjectClassDefinition(name = "Parlance shell commands")
    public @interface Config {
        @AttributeDefinition(name = "Timeout (seconds)", description = "How long a command waits for storage", min = "1")
        int timeoutSeconds() default 10;
    }

    static final int LIST_LIMIT = 1000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AccountManager accounts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SessionManager sessionManager;

    private volatile int timeoutSeconds = 10;

    @Activate
    @Modified
    void configure(Config config) {
        timeoutSeconds = Math.max(1, config.timeoutSeconds());
    }

    /** {@code parlance:useradd <user> <password>}: creates an account. */
    public String useradd(String user, String password) {
        return withAccounts(a -> await(a.create(user, password)),
                created -> created ? "Created account " + user : "Account " + user + " already exists");
    }

    /** {@code parlance:userdel <user>}: deletes an account, its data and its sessions. */
    public String userdel(String user) {
        return withAccounts(a -> await(a.delete(user)),
                deleted -> deleted ? "Deleted account " + user : "No account " + user);
    }

    /** {@code parlance:passwd <user> <password>}: sets a new password. */
    public String passwd(String user, String password) {
        return withAccounts(a -> await(a.changePassword(user, password)),
                changed -> changed ? "Changed the password of " + user : "No account " + user);
    }

    /** {@code parlance:users}: lists the accounts. */
    public String users() {
        return users("");
    }

    /** {@code parlance:users <text>}: lists the accounts whose name contains {@code text}. */
    public String users(String query) {
        return withAccounts(a -> await(a.list(query, 0, LIST_LIMIT)), names -> {
            String count = names.size() == LIST_LIMIT ? "first " + LIST_LIMIT + " accounts"
                    : names.size() + (names.size() == 1 ? " account" : " accounts");
            return names.isEmpty() ? "No accounts" : String.join(System.lineSeparator(), names)
                    + System.lineSeparator() + "(" + count + ")";
        });
    }

    /** {@code parlance:sessions}: lists the bound sessions, one a line. */
    public String sessions() {
        SessionManager sm = sessionManager;
        if (sm == null) {
            return "Session manager not available (is the router bundle running?)";
        }
        List<ClientSession> all = sm.all().stream().sorted(Comparator.comparing(s -> s.jid().toString()))
                .collect(Collectors.toList());
        if (all.isEmpty()) {
            return "No sessions";
        }
        StringBuilder out = new StringBuilder();
        for (ClientSession s : all) {
            out.append(s.jid()).append("  ").append(s.remoteAddress()).append("  ")
                    .append(s.isSecure() ? "tls" : "plain").append("  ")
                    .append(s.presence() == null ? "unavailable" : "available, priority " + s.priority())
                    .append(System.lineSeparator());
        }
        return out.append('(').append(all.size()).append(all.size() == 1 ? " session)" : " sessions)").toString();
    }

    /** {@code parlance:kick <jid>}: closes the session of a full address, or every session of a bare one. */
    public String kick(String jid) {
        SessionManager sm = sessionManager;
        if (sm == null) {
            return "Session manager not available (is the router bundle running?)";
        }
        Collection<ClientSession> all = sm.all();
        List<ClientSession> matching = all.stream().filter(s -> s.jid().toString().equalsIgnoreCase(jid)).toList();
        if (matching.isEmpty()) {
            matching = all.stream().filter(s -> s.jid().bare().toString().equalsIgnoreCase(jid)).toList();
        }
        if (matching.isEmpty()) {
            return "No session for " + jid;
        }
        for (ClientSession s : matching) {
            // RFC 6120 §4.9.3.14: the entity violated a local service policy (an administrator ended it).
            s.close(StreamError.POLICY_VIOLATION, "Disconnected by an administrator");
        }
        return "Kicked " + matching.size() + (matching.size() == 1 ? " session of " : " sessions of ") + jid;
    }

    /** A call on the account service that may fail or time out. */
    private interface AccountCall<T> {
        T call(AccountManager accounts) throws Exception;
    }

    /** A function from a call's value to the printed line. */
    private interface Printer<T> {
        String print(T value);
    }

    private <T> String withAccounts(AccountCall<T> call, Printer<T> printer) {
        AccountManager a = accounts;
        if (a == null) {
            return "Account service not available (is the auth bundle running?)";
        }
        try {
            return printer.print(call.call(a));
        } catch (TimeoutException e) {
            return "Timed out after " + timeoutSeconds + " s";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return "Failed: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Interrupted";
        } catch (Exception e) {
            return "Failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    }
}
