package parlance.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code parlance.http}: the HTTP listener (BOSH {@code /http-bind}, WebSocket, console {@code /admin}). */
@ObjectClassDefinition(id = HttpListener.PID, name = "HTTP listener",
        description = "The HTTP and HTTPS ports of BOSH, WebSocket and the admin console")
public @interface HttpConfig {
    @AttributeDefinition(description = "HTTP port (system property parlance.http.port); 0 disables HTTP", min = "0",
            max = "65535")
    int port() default 5280;

    @AttributeDefinition(name = "HTTPS port", description = "HTTPS port with the server certificate of <home>/etc/tls "
            + "(system property parlance.http.tls.port); 0 disables HTTPS", min = "0", max = "65535")
    int tls_port() default 5281;

    @AttributeDefinition(name = "Keystore password", description = "Password of a *.p12 file in <home>/etc/tls")
    String tls_keystore_password() default "";

    @AttributeDefinition(name = "Certificate folder poll (ms)",
            description = "How often <home>/etc/tls is checked for a new certificate; 0 checks only at start", min = "0")
    long tls_watch_millis() default 2000;
}
