package parlance.router.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.handler.MessageInterceptor;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;

/**
 * The {@link MessageInterceptor} whiteboard: an immutable array in {@code service.ranking} order, rebuilt when one
 * comes or goes, and the chain that runs them. A chain whose interceptors all complete at once stays on the calling
 * thread and allocates no continuation; the first pending stage turns the rest of the chain into continuations. An
 * interceptor that throws or fails is skipped (the message goes on as it was) with one log line.
 */
final class Interceptors {
    private static final Logger LOG = LoggerFactory.getLogger(Interceptors.class);
    private static final MessageInterceptor[] NONE = new MessageInterceptor[0];

    private record Registration(MessageInterceptor interceptor, long id, int ranking) {
    }

    /** One call of the chain: inbound or outbound with their arguments bound. */
    @FunctionalInterface
    private interface Call {
        CompletionStage<Stanza> apply(MessageInterceptor interceptor, Stanza message);
    }

    private final List<Registration> registrations = new ArrayList<>();
    private volatile MessageInterceptor[] all = NONE;

    synchronized void add(MessageInterceptor interceptor, Map<String, Object> props) {
        Object id = props.get(Constants.SERVICE_ID);
        Object ranking = props.get(Constants.SERVICE_RANKING);
        registrations.add(new Registration(interceptor, id instanceof Number ? ((Number) id).longValue()
                : Long.MAX_VALUE, ranking instanceof Integer ? (Integer) ranking : 0));
        rebuild();
    }

    synchronized void remove(MessageInterceptor interceptor) {
        registrations.removeIf(r -> r.interceptor == interceptor);
        rebuild();
    }

    synchronized void clear() {
        registrations.clear();
        all = NONE;
    }

    private void rebuild() {
        all = registrations.stream()
                .sorted(Comparator.comparingInt((Registration r) -> -r.ranking).thenComparingLong(r -> r.id))
                .map(Registration::interceptor).toArray(MessageInterceptor[]::new);
    }

    boolean any() {
        return all.length > 0;
    }

    CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza message) {
        return chain(all, 0, message, (i, m) -> i.inbound(account, origin, m));
    }

    CompletionStage<Stanza> outbound(ClientSession origin, Stanza message) {
        return chain(all, 0, message, (i, m) -> i.outbound(origin, m));
    }

    void delivered(Jid account, Stanza message, Collection<ClientSession> recipients) {
        for (MessageInterceptor interceptor : all) {
            try {
                interceptor.delivered(account, message, recipients);
            } catch (RuntimeException e) {
                LOG.warn("Message interceptor {} failed after delivering {}: {}", interceptor, message, e.toString());
            }
        }
    }

    private static CompletionStage<Stanza> chain(MessageInterceptor[] list, int from, Stanza message, Call call) {
        Stanza current = message;
        for (int i = from; i < list.length && current != null; i++) {
            CompletableFuture<Stanza> stage;
            try {
                CompletionStage<Stanza> s = call.apply(list[i], current);
                stage = s == null ? CompletableFuture.completedFuture(current) : s.toCompletableFuture();
            } catch (RuntimeException e) {
                failed(list[i], current, e);
                continue;
            }
            Stanza before = current;
            if (!stage.isDone()) {
                int next = i + 1;
                MessageInterceptor interceptor = list[i];
                return stage.handle((result, e) -> {
                    if (e != null) {
                        failed(interceptor, before, e);
                        return before;
                    }
                    return result;
                }).thenCompose(m -> m == null ? CompletableFuture.completedFuture(null) : chain(list, next, m, call));
            }
            try {
                current = stage.join();
            } catch (RuntimeException e) {
                failed(list[i], before, e);
            }
        }
        return CompletableFuture.completedFuture(current);
    }

    private static void failed(MessageInterceptor interceptor, Stanza message, Throwable e) {
        LOG.warn("Message interceptor {} failed on {}; the message goes on unchanged: {}", interceptor, message,
                e.toString());
    }
}
