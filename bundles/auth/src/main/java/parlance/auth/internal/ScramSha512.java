package parlance.auth.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.auth.SaslMechanism;

/** The SASL mechanism {@code SCRAM-SHA-512} (see {@link ScramExchange}). */
@Component(service = SaslMechanism.class, property = "parlance.sasl.mechanism=SCRAM-SHA-512")
public final class ScramSha512 extends ScramMechanism {
    @Activate
    public ScramSha512(@Reference AuthSupport support) {
        super(ScramAlgorithm.SHA_512, false, support);
    }
}
