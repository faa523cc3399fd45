package parlance.component.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the external component listener (PID {@code parlance.component}, XEP-0114); underscores become
 * dots in keys. System properties: {@code -Dparlance.component.port=5275},
 * {@code -Dparlance.component.components=gateway.example.org=s3cret,bot.example.org=other}.
 */
@ObjectClassDefinition(name = "Parlance external components (XEP-0114)",
        description = "TCP listener for external components (jabber:component:accept) and their shared secrets")
@interface ComponentConfig {
    @AttributeDefinition(name = "Port", description = "XEP-0114 listener port; 0 disables", min = "0", max = "65535")
    int port() default 5275;

    @AttributeDefinition(name = "Components", type = AttributeType.PASSWORD,
            description = "Entries domain=secret (a list, or one value separated by commas), e.g. "
                    + "gateway.example.org=s3cret; a secret cannot contain commas or spaces")
    String[] components() default {};

    @AttributeDefinition(name = "Maximum stanza size", description = "Bytes; larger stanzas end the stream with "
            + "policy-violation (RFC 6120 §13.12)", min = "1024")
    int max_stanza_size() default 262144;

    @AttributeDefinition(name = "Listen backlog", min = "1")
    int backlog() default 128;
}
