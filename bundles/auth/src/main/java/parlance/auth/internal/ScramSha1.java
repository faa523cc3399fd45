package parlance.auth.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.auth.SaslMechanism;

/** The SASL mechanism {@code SCRAM-SHA-1} (see {@link ScramExchange}). */
@Component(service = SaslMechanism.class, property = "parlance.sasl.mechanism=SCRAM-SHA-1")
public final class ScramSha1 extends ScramMechanism {
    @Activate
    public ScramSha1(@Reference AuthSupport support) {
        super(ScramAlgorithm.SHA_1, false, support);
    }
}
