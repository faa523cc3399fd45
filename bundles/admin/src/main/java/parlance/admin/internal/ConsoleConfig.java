package parlance.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code parlance.console}: the admin console at {@code /admin} and its JSON API. */
@ObjectClassDefinition(id = ConsoleServlet.PID, name = "Admin console",
        description = "Sessions, login throttling and limits of the web admin console (/admin)")
public @interface ConsoleConfig {
    @AttributeDefinition(description = "Minutes of inactivity after which a console session ends", min = "1")
    int idle_timeout_minutes() default 15;

    @AttributeDefinition(description = "Failed console logins per client address within the window before HTTP 429",
            min = "1")
    int login_max_failures() default 5;

    @AttributeDefinition(description = "Window of the failed-login count, in seconds", min = "1")
    int login_window_seconds() default 300;

    @AttributeDefinition(description = "Most console sessions kept at once", min = "1")
    int max_sessions() default 100;

    @AttributeDefinition(description = "Largest plugin jar accepted by an upload, in megabytes", min = "1")
    int max_upload_mb() default 64;
}
