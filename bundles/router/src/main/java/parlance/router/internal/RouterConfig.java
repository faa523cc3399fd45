package parlance.router.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the router (PID {@code parlance.router}). */
@ObjectClassDefinition(id = RouterConfig.PID, name = "Parlance router",
        description = "The shared executor handlers use for slow work")
public @interface RouterConfig {
    String PID = "parlance.router";

    @AttributeDefinition(name = "Handler threads", min = "1", description = "Threads of the shared handler executor")
    int handler_threads() default 4;

    @AttributeDefinition(name = "Handler queue", min = "1",
            description = "Tasks the handler executor queues before it refuses more (the refused stanza fails)")
    int handler_queue() default 10000;
}
