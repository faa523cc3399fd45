package parlance.auth.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.auth.SaslMechanism;

/** The SASL mechanism {@code SCRAM-SHA-256} (see {@link ScramExchange}). */
@Component(service = SaslMechanism.class, property = "parlance.sasl.mechanism=SCRAM-SHA-256")
public final class ScramSha256 extends ScramMechanism {
    @Activate
    public ScramSha256(@Reference AuthSupport support) {
        super(ScramAlgorithm.SHA_256, false, support);
    }
}
