package parlance.api.router;

import org.osgi.annotation.versioning.ConsumerType;
import parlance.api.stanza.Stanza;

/**
 * Whiteboard: a service that owns a whole domain (e.g. {@code conference.example.org} for MUC). Registered with the
 * service property {@value #DOMAIN}; the router hands it every stanza addressed to that domain or to addresses
 * under it. It leaves with its bundle, and the router then answers for that domain with
 * {@code service-unavailable} / {@code remote-server-not-found}.
 */
@ConsumerType
public interface HostedService {
    /** Service property: the domain this service owns. */
    String DOMAIN = "parlance.service.domain";

    /** Receives a stanza addressed to this service's domain; must not block. */
    void receive(Stanza stanza, Router router);
}
