package parlance.auth.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.auth.SaslMechanism;

/** The SASL mechanism {@code SCRAM-SHA-1-PLUS} (see {@link ScramExchange}). */
@Component(service = SaslMechanism.class, property = "parlance.sasl.mechanism=SCRAM-SHA-1-PLUS")
public final class ScramSha1Plus extends ScramMechanism {
    @Activate
    public ScramSha1Plus(@Reference AuthSupport support) {
        super(ScramAlgorithm.SHA_1, true, support);
    }
}
