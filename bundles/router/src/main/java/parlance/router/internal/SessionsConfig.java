package parlance.router.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the session table (PID {@code parlance.sessions}). */
@ObjectClassDefinition(id = SessionsConfig.PID, name = "Parlance sessions",
        description = "Resource binding limits and the resource conflict policy (RFC 6120 §7.7.2.2)")
public @interface SessionsConfig {
    String PID = "parlance.sessions";

    @AttributeDefinition(name = "Maximum resources", min = "1",
            description = "Sessions one account may bind at once; more are refused with resource-constraint")
    int max_resources() default 10;

    @AttributeDefinition(name = "Conflict policy", description = "What happens when a client binds a resource that "
            + "is already bound: kick_old closes the older session with the conflict stream error, refuse "
            + "rejects the new binding with the conflict stanza error",
            options = {@Option(value = "kick_old", label = "Close the old session"),
                       @Option(value = "refuse", label = "Refuse the new binding")})
    String conflict() default "kick_old";
}
