package parlance.component.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Locale;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/** Fakes of the SPI the component bundle uses. */
final class Fakes {
    private Fakes() {
    }

    /** Records routed stanzas. */
    static final class RecordingRouter implements Router {
        final List<Stanza> routed = new CopyOnWriteArrayList<>();

        @Override
        public void route(Stanza stanza) {
            routed.add(stanza);
        }

        @Override
        public void receive(ClientSession origin, Stanza stanza) {
            routed.add(stanza);
        }
    }

    /** Lowercases; rejects empty parts and spaces. */
    static final class Preparer implements AddressPreparer {
        @Override
        public Jid parse(String text) throws JidFormatException {
            if (text.isEmpty() || text.contains(" ") || text.startsWith("@") || text.endsWith("/")) {
                throw new JidFormatException("malformed: " + text);
            }
            Jid j = TestStanzas.jid(text);
            return Jid.ofPrepared(j.local() == null ? null : j.local().toLowerCase(Locale.ROOT),
                    prepareDomain(j.domain()), j.resource());
        }

        @Override
        public String prepareLocal(String local) {
            return local.toLowerCase(Locale.ROOT);
        }

        @Override
        public String prepareResource(String resource) {
            return resource;
        }

        @Override
        public String prepareDomain(String domain) throws JidFormatException {
            if (domain.isEmpty() || domain.contains(" ")) {
                throw new JidFormatException("malformed domain: " + domain);
            }
            return domain.toLowerCase(Locale.ROOT);
        }

        @Override
        public String preparePassword(String password) {
            return password;
        }
    }

    /** The "service registry": domain → published service. */
    static final class Registry implements Publisher {
        final Map<String, HostedService> services = new ConcurrentHashMap<>();

        @Override
        public Runnable publish(String domain, HostedService service) {
            if (services.putIfAbsent(domain, service) != null) {
                throw new AssertionError("published twice: " + domain);
            }
            return () -> services.remove(domain, service);
        }
    }
}
