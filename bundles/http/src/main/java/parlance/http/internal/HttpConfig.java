package parlance.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code parlance.http}: the HTTP listener (BOSH {@code /http-bind}, WebSocket, console {@code /admin}). */
@ObjectClassDefinition(id = HttpListener.PID, name = "HTTP listener",
        description = "The HTTP port of BOSH, WebSocket and the admin console")
public @interface HttpConfig {
    @AttributeDefinition(description = "HTTP port (system property parlance.http.port); 0 disables HTTP", min = "0",
            max = "65535")
    int port() default 5280;
}
