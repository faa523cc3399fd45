package parlance.stream.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import parlance.stream.spi.ElementStream;
import parlance.stream.spi.ElementTransport;
import parlance.stream.spi.XmppStreams;

/**
 * The {@link XmppStreams} service of one c2s configuration: streams for element-framed transports share the
 * services, limits and throttles of the TCP listeners; {@link #close} ends them with {@code system-shutdown}.
 */
final class ElementStreams implements XmppStreams, AutoCloseable {
    private final StreamServices services;
    private final Set<ElementConnection> open = ConcurrentHashMap.newKeySet();

    ElementStreams(StreamServices services) {
        this.services = services;
    }

    @Override
    public String domain() {
        return services.domain;
    }

    @Override
    public int maxStanzaBytes() {
        return services.settings.maxStanzaBytes();
    }

    @Override
    public ElementStream open(ElementTransport transport) {
        return new ElementConnection(services, transport, open);
    }

    @Override
    public void close() {
        for (ElementConnection c : open) {
            c.shutdown();
        }
    }
}
