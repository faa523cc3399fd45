package parlance.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code parlance.auth}: SCRAM settings. */
@ObjectClassDefinition(name = "Parlance authentication",
        description = "SCRAM credential derivation (RFC 5802, RFC 7677)")
public @interface AuthConfig {
    String PID = "parlance.auth";

    /** Iteration count for new credentials and for the fake ones of unknown users; at least 4096 (RFC 7677 §4). */
    @AttributeDefinition(name = "SCRAM iterations", min = "4096",
            description = "PBKDF2 iteration count for new SCRAM credentials (minimum 4096)")
    int scram_iterations() default 4096;
}
