package parlance.api.router;

import org.osgi.annotation.versioning.ProviderType;

/** Counters of the router, for the console and monitoring; cheap to read at any time. */
@ProviderType
public interface RouterStatistics {
    /** Stanzas received from local clients plus stanzas routed by handlers and services, since the router started. */
    long stanzas();
}
