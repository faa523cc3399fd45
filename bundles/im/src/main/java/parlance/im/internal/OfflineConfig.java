package parlance.im.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of offline message storage (PID {@code parlance.offline}). */
@ObjectClassDefinition(id = OfflineConfig.PID, name = "Parlance offline messages",
        description = "Messages kept for accounts with no available resource (XEP-0160)")
public @interface OfflineConfig {
    String PID = "parlance.offline";

    @AttributeDefinition(name = "Limit", min = "0",
            description = "Messages kept per account; beyond it senders get service-unavailable")
    int limit() default 1000;
}
