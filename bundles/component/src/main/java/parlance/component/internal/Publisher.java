package parlance.component.internal;

import parlance.api.router.HostedService;

/**
 * Publishes a connected component's domain as a {@link HostedService} (in OSGi: a service registration with
 * {@value HostedService#DOMAIN}, which the router and disco track). Called off the network threads.
 */
interface Publisher {
    /** Registers {@code service} for {@code domain}; the returned handle unregisters it. */
    Runnable publish(String domain, HostedService service);
}
