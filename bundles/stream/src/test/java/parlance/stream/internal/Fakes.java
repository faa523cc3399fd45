package parlance.stream.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.auth.AccountManager;
import parlance.api.auth.SaslContext;
import parlance.api.auth.SaslExchange;
import parlance.api.auth.SaslMechanism;
import parlance.api.auth.SaslStep;
import parlance.api.router.Router;
import parlance.api.session.BindException;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/** Small fakes of our SPI for the stream tests. */
final class Fakes {
    private Fakes() {
    }

    /** Lower-cases; rejects empty parts, spaces and a second '@'. */
    static final class Preparer implements AddressPreparer {
        @Override
        public Jid parse(String text) throws JidFormatException {
            int slash = text.indexOf('/');
            String bareText = slash < 0 ? text : text.substring(0, slash);
            String resource = slash < 0 ? null : prepareResource(text.substring(slash + 1));
            int at = bareText.indexOf('@');
            String local = at < 0 ? null : prepareLocal(bareText.substring(0, at));
            return Jid.ofPrepared(local, prepareDomain(bareText.substring(at + 1)), resource);
        }

        @Override
        public String prepareLocal(String local) throws JidFormatException {
            return check(local).toLowerCase(Locale.ROOT);
        }

        @Override
        public String prepareResource(String resource) throws JidFormatException {
            return check(resource);
        }

        @Override
        public String prepareDomain(String domain) throws JidFormatException {
            return check(domain).toLowerCase(Locale.ROOT);
        }

        @Override
        public String preparePassword(String password) {
            return password;
        }

        private static String check(String part) throws JidFormatException {
            if (part.isEmpty() || part.contains(" ") || part.contains("@")) {
                throw new JidFormatException("bad part: " + part);
            }
            return part;
        }
    }

    static final class RecordingRouter implements Router {
        final BlockingQueue<Stanza> received = new LinkedBlockingQueue<>();
        final BlockingQueue<Stanza> routed = new LinkedBlockingQueue<>();
        /** Called on each routed stanza before it is recorded (tests look at the session table then). */
        volatile java.util.function.Consumer<Stanza> onRoute = s -> { };

        @Override
        public void route(Stanza stanza) {
            onRoute.accept(stanza);
            routed.add(stanza);
        }

        @Override
        public void receive(ClientSession origin, Stanza stanza) {
            received.add(stanza);
        }
    }

    static final class Sessions implements SessionManager {
        final Map<Jid, ClientSession> bound = new ConcurrentHashMap<>();
        final BlockingQueue<ClientSession> unregistered = new LinkedBlockingQueue<>();

        @Override
        public ClientSession session(Jid fullJid) {
            return bound.get(fullJid);
        }

        @Override
        public Collection<ClientSession> sessions(Jid bareJid) {
            return bound.values().stream().filter(s -> s.jid().bare().equals(bareJid)).collect(Collectors.toList());
        }

        @Override
        public Collection<ClientSession> all() {
            return List.copyOf(bound.values());
        }

        @Override
        public int count() {
            return bound.size();
        }

        @Override
        public void register(ClientSession session) throws BindException {
            if (bound.putIfAbsent(session.jid(), session) != null) {
                throw new BindException(StanzaError.CONFLICT, "taken");
            }
        }

        @Override
        public void unregister(ClientSession session) {
            bound.remove(session.jid(), session);
            unregistered.add(session);
        }
    }

    /** Accounts in a map; answers asynchronously like the store-backed account manager. */
    static final class Accounts implements AccountManager {
        final Map<String, String> passwords = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<Boolean> create(String username, String password) {
            return CompletableFuture.supplyAsync(() -> passwords.putIfAbsent(username.toLowerCase(Locale.ROOT),
                    password) == null);
        }

        @Override
        public CompletionStage<Boolean> changePassword(String username, String password) {
            return CompletableFuture.supplyAsync(() -> passwords.replace(username, password) != null);
        }

        @Override
        public CompletionStage<Boolean> delete(String username) {
            return CompletableFuture.supplyAsync(() -> passwords.remove(username) != null);
        }

        @Override
        public CompletionStage<Boolean> exists(String username) {
            return CompletableFuture.completedFuture(passwords.containsKey(username));
        }

        @Override
        public CompletionStage<List<String>> list(String query, int offset, int limit) {
            return CompletableFuture.completedFuture(List.copyOf(passwords.keySet()));
        }
    }

    /** PLAIN (RFC 4616) against one password; answers asynchronously like a real store-backed mechanism. */
    static final class Plain implements SaslMechanism {
        final String password;

        Plain(String password) {
            this.password = password;
        }

        @Override
        public String name() {
            return "PLAIN";
        }

        @Override
        public boolean requiresTls() {
            return true;
        }

        @Override
        public SaslExchange start(SaslContext context) {
            return response -> CompletableFuture.supplyAsync(() -> {
                if (response == null) {
                    return SaslStep.challenge(new byte[0]);
                }
                String[] parts = new String(response, StandardCharsets.UTF_8).split("\0", -1);
                if (parts.length != 3) {
                    return SaslStep.failure("malformed-request");
                }
                return password.equals(parts[2]) ? SaslStep.success(parts[1], null)
                        : SaslStep.failure("not-authorized", parts[1]);
            });
        }
    }

    /** A -PLUS mechanism that only records the channel-binding data it was given. */
    static final class PlusProbe implements SaslMechanism {
        final List<byte[]> bindings = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "PROBE-PLUS";
        }

        @Override
        public boolean requiresTls() {
            return true;
        }

        @Override
        public SaslExchange start(SaslContext context) {
            bindings.add(context.channelBinding("tls-server-end-point"));
            return response -> CompletableFuture.completedFuture(SaslStep.failure("not-authorized"));
        }
    }
}
