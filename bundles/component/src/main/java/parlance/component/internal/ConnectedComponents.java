package parlance.component.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.router.HostedService;

/**
 * The domains with a connected component (one connection per domain: a second one is refused with
 * {@code conflict}, as Prosody does), and their {@link HostedService} publications. Publishing and withdrawing run
 * in order on one background executor, never on an event loop (service events call into the router and disco).
 * A domain is free again only after its service is withdrawn, so two services never claim one domain.
 */
final class ConnectedComponents {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectedComponents.class);
    private final Map<String, Object> claimed = new ConcurrentHashMap<>();
    private final Publisher publisher;
    private final Executor serial;

    ConnectedComponents(Publisher publisher, Executor serial) {
        this.publisher = publisher;
        this.serial = serial;
    }

    /** Claims {@code domain} for {@code owner}; false when another connection has it (XEP-0114: conflict). */
    boolean claim(String domain, Object owner) {
        return claimed.putIfAbsent(domain, owner) == null;
    }

    /** Publishes the service, then runs {@code published} (on the executor thread). */
    Handle publish(String domain, Object owner, HostedService service, Runnable published) {
        Handle handle = new Handle(domain, owner);
        serial.execute(() -> {
            try {
                handle.unpublish = publisher.publish(domain, service);
                LOG.info("Component {} connected", domain);
            } catch (RuntimeException e) {
                LOG.warn("Cannot publish component {}: {}", domain, e.toString());
            }
            published.run();
        });
        return handle;
    }

    /** Releases a claim that was never published (the handshake failed after the claim). */
    void release(String domain, Object owner) {
        claimed.remove(domain, owner);
    }

    boolean isConnected(String domain) {
        return claimed.containsKey(domain);
    }

    /** One domain's publication; {@link #withdraw} is idempotent. */
    final class Handle {
        private final String domain;
        private final Object owner;
        /** Written and read on the executor only. */
        private Runnable unpublish;
        private boolean withdrawn;

        private Handle(String domain, Object owner) {
            this.domain = domain;
            this.owner = owner;
        }

        /** Unregisters the service (the router then answers for the domain with errors) and frees the domain. */
        void withdraw() {
            serial.execute(() -> {
                if (withdrawn) {
                    return;
                }
                withdrawn = true;
                try {
                    if (unpublish != null) {
                        unpublish.run();
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Component {} was already unregistered: {}", domain, e.toString());
                } finally {
                    claimed.remove(domain, owner);
                    LOG.info("Component {} disconnected", domain);
                }
            });
        }
    }
}
