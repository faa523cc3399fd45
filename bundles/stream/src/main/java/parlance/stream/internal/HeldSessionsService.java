package parlance.stream.internal;

import org.osgi.service.component.annotations.Component;
import parlance.api.session.ClientSession;
import parlance.stream.spi.HeldSessions;

/** {@link HeldSessions} for the sessions of this bundle: held while their {@link Outbox} has no stream (XEP-0198 §5). */
@Component(service = HeldSessions.class)
public class HeldSessionsService implements HeldSessions {
    @Override
    public boolean isHeld(ClientSession session) {
        return session instanceof StreamClientSession s && s.outbox().isHeld();
    }
}
