package parlance.pubsub.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the publish-subscribe service and PEP (PID {@code parlance.pubsub}). */
@ObjectClassDefinition(id = PubSubConfig.PID, name = "Parlance publish-subscribe",
        description = "Publish-subscribe (XEP-0060) and the Personal Eventing Protocol (XEP-0163)")
public @interface PubSubConfig {
    String PID = "parlance.pubsub";

    @AttributeDefinition(name = "Domain", required = false,
            description = "Domain of the PubSub service; empty for pubsub.<server domain>")
    String domain() default "";

    @AttributeDefinition(name = "Service name", description = "Name of the service in service discovery")
    String name() default "Publish-Subscribe";

    @AttributeDefinition(name = "Items per node", min = "1",
            description = "Most items a node keeps; also the value of pubsub#max_items=max")
    int max_items_per_node() default 256;

    @AttributeDefinition(name = "Default items per node", min = "1",
            description = "pubsub#max_items of a new node of the PubSub service (PEP nodes default to 1)")
    int default_max_items() default 20;

    @AttributeDefinition(name = "Nodes per account", min = "1",
            description = "Most PEP nodes an account may have, and most nodes a user may create on the service")
    int max_nodes_per_account() default 128;

    @AttributeDefinition(name = "Payload size", min = "1", description = "Largest item payload in bytes")
    int max_payload_size() default 262144;

    @AttributeDefinition(name = "Default access model",
            description = "pubsub#access_model of new nodes of the PubSub service (PEP nodes: presence)")
    String default_access_model() default "open";

    @AttributeDefinition(name = "Node creation", description = "Who may create nodes on the PubSub service",
            options = {
                @org.osgi.service.metatype.annotations.Option(value = "local", label = "Local users"),
                @org.osgi.service.metatype.annotations.Option(value = "admins", label = "Administrators"),
                @org.osgi.service.metatype.annotations.Option(value = "anyone", label = "Anyone")})
    String create_nodes() default "local";

    @AttributeDefinition(name = "Entity capabilities cache", min = "16",
            description = "Capabilities (XEP-0115 ver strings) remembered")
    int caps_cache_size() default 4096;

    @AttributeDefinition(name = "Threads", min = "1", description = "Threads processing PubSub requests")
    int threads() default 2;
}
