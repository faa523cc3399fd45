package parlance.irc.internal;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import parlance.api.address.Jid;
import parlance.api.router.Router;

/**
 * The open IRC sessions, one per user (bare JID), at most {@code max} of them. {@link #run} hands work to a user's
 * session on its event loop, creating the session first if need be; a session that closed in the meantime has left
 * the table, so the work goes to a fresh one.
 */
final class IrcSessions {
    private final Map<Jid, IrcSession> sessions = new ConcurrentHashMap<>();
    private final Addresses addresses;
    private final Router router;
    private final IrcConnector connector;
    private final int max;
    private final int pollSeconds;
    private final ContactLists contacts = new ContactLists();

    IrcSessions(Addresses addresses, Router router, IrcConnector connector, int max, int pollSeconds) {
        this.addresses = addresses;
        this.router = router;
        this.connector = connector;
        this.max = max;
        this.pollSeconds = pollSeconds;
    }

    /** Every user's IRC contacts (XEP-0100 §4.6), whether connected or not. */
    ContactLists contacts() {
        return contacts;
    }

    /**
     * Runs {@code work} on the session of {@code user}, opened with {@code registration} if there is none; returns
     * {@code false} (and runs nothing) when the gateway already holds its most connections.
     */
    boolean run(Jid user, Registration registration, Consumer<IrcSession> work) {
        IrcSession session = sessions.get(user);
        if (session == null) {
            if (sessions.size() >= max) {
                return false;
            }
            session = sessions.computeIfAbsent(user, u -> create(u, registration));
        }
        IrcSession s = session;
        s.execute(() -> {
            if (s.isClosed()) {
                run(user, registration, work);
            } else {
                work.accept(s);
            }
        });
        return true;
    }

    /** Runs {@code work} on the session of {@code user} if there is one; {@code false} when there is none. */
    boolean ifOpen(Jid user, Consumer<IrcSession> work) {
        IrcSession s = sessions.get(user);
        if (s == null) {
            return false;
        }
        s.execute(() -> {
            if (!s.isClosed()) {
                work.accept(s);
            }
        });
        return true;
    }

    private IrcSession create(Jid user, Registration registration) {
        IrcSession[] made = new IrcSession[1];
        made[0] = new IrcSession(user, registration, addresses, router, connector, contacts, pollSeconds,
                () -> sessions.remove(user, made[0]));
        return made[0];
    }

    int size() {
        return sessions.size();
    }

    /** Closes the session of {@code user} with QUIT {@code reason}, if there is one. */
    void close(Jid user, Integer code, String reason) {
        ifOpen(user, s -> s.close(code, reason));
    }

    /** Closes every session (QUIT, rooms left with {@code code}); waits up to three seconds for the QUITs. */
    void closeAll(Integer code, String reason) {
        List<Future<?>> quits = new ArrayList<>();
        for (IrcSession s : new ArrayList<>(sessions.values())) {
            Promise<Void> done = ImmediateEventExecutor.INSTANCE.newPromise();
            s.execute(() -> s.close(code, reason).addListener(f -> done.trySuccess(null)));
            quits.add(done);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (Future<?> f : quits) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }
}
