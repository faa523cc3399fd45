package parlance.archive.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of account archives (PID {@code parlance.archive}). */
@ObjectClassDefinition(id = ArchiveConfig.PID, name = "Parlance message archive",
        description = "Archives of accounts' one-to-one messages (XEP-0313) and Message Carbons (XEP-0280)")
public @interface ArchiveConfig {
    String PID = "parlance.archive";

    @AttributeDefinition(name = "Default policy", options = {@Option(value = "always"), @Option(value = "roster"),
        @Option(value = "never")},
            description = "What an account archives until it sets its own preferences (XEP-0313 §6.2)")
    String default_policy() default "always";

    @AttributeDefinition(name = "Page size", min = "1", max = "1000",
            description = "The most messages one query returns, and the page size when a client asks for none")
    int max_page() default 100;

    @AttributeDefinition(name = "Storage timeout (s)", min = "1", max = "60",
            description = "How long a message waits for its archive write before it is delivered without stanza-id")
    int timeout_seconds() default 5;
}
