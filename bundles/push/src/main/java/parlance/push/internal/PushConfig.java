package parlance.push.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}. */
@ObjectClassDefinition(name = "Parlance push notifications", description = "XEP-0357 push notifications")
public @interface PushConfig {
    String PID = "parlance.push";

    @AttributeDefinition(name = "Allow message bodies", description = "Whether last-message-body may be sent to an "
            + "app server at all; it is sent only to registrations whose enable form asked for it (include-body)")
    boolean allow_body() default true;

    @AttributeDefinition(name = "Registrations per account", min = "1")
    int max_registrations() default 10;
}
