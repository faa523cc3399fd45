package parlance.api.handler;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;

/**
 * Whiteboard: sees the message stanzas of local accounts on their way through the router, to archive them
 * (XEP-0313), stamp them (XEP-0359) or copy them (XEP-0280). Unlike a {@link StanzaHandler} an interceptor never
 * takes a message over: it returns the message to go on with, the same or a new value (stanzas are never mutated),
 * now or later. Register it as a service (no properties needed); interceptors run in {@code service.ranking} order,
 * highest first, each on the previous one's result.
 *
 * <p>An interceptor must not block. A stage it returns may complete later (after a storage write): the router then
 * holds back the later stanzas of the same sender (its session, or its address for stanzas without one) until the
 * message went on, so that a sender's stanzas keep their order (RFC 6120 §10.1). A stage that fails lets the
 * message go on as it was before that interceptor (one log line); an interceptor bounds its own waiting (a timeout
 * on its storage), since the sender waits with it.
 *
 * @since 1.1
 */
@ConsumerType
public interface MessageInterceptor {
    /**
     * A message addressed to the local account {@code account} (its bare address: the bare or full {@code to}, or
     * the sender's own account when {@code to} is absent), before the account's handlers (offline storage) and
     * delivery to its sessions. Completes with the message to deliver, or {@code null} to drop it silently.
     *
     * @param origin the local session that sent it, or {@code null} (a service, another server)
     */
    default CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza message) {
        return CompletableFuture.completedFuture(message);
    }

    /**
     * A message the local session {@code origin} sent to an address outside its own account, before outbound
     * handlers and routing. Completes with the message to route, or {@code null} to drop it silently.
     */
    default CompletionStage<Stanza> outbound(ClientSession origin, Stanza message) {
        return CompletableFuture.completedFuture(message);
    }

    /**
     * After the router delivered an inbound message of {@code account} (the stanza as the inbound interceptors
     * returned it): {@code recipients} are the local sessions that received it, possibly none (no available
     * resource, or a handler such as offline storage took it). Must not block.
     */
    default void delivered(Jid account, Stanza message, Collection<ClientSession> recipients) {
    }
}
