package parlance.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code parlance.admin} (the system property {@code parlance.admin.password} feeds it). */
@ObjectClassDefinition(name = "Parlance admin account",
        description = "Bootstrap of the admin account")
public @interface AdminConfig {
    String PID = "parlance.admin";

    @AttributeDefinition(name = "Admin password", type = AttributeType.PASSWORD, required = false,
            description = "Password of admin@<domain>; when empty, a random one is generated once")
    String password() default "";
}
