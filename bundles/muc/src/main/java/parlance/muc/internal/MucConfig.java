package parlance.muc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the multi-user chat service (PID {@code parlance.muc}); changes apply live. */
@ObjectClassDefinition(id = MucConfig.PID, name = "Parlance multi-user chat",
        description = "Multi-user chat rooms (XEP-0045) with room archives (XEP-0313)")
public @interface MucConfig {
    String PID = "parlance.muc";

    @AttributeDefinition(name = "Domain", required = false,
            description = "Domain of the service; empty for conference.<server domain>")
    String domain() default "";

    @AttributeDefinition(name = "Service name", description = "Name of the service in service discovery")
    String name() default "Chatrooms";

    @AttributeDefinition(name = "Occupants per room", min = "1",
            description = "Most occupants a room admits (XEP-0205); a room's own maxusers cannot exceed it")
    int max_occupants() default 200;

    @AttributeDefinition(name = "Rooms per user", min = "0",
            description = "Most rooms one user may have created at a time (XEP-0205); 0 for no limit")
    int max_rooms_per_user() default 50;

    @AttributeDefinition(name = "Messages per second", min = "1",
            description = "Groupchat messages an occupant may send per second on average (XEP-0205)")
    int messages_per_second() default 10;

    @AttributeDefinition(name = "Message burst", min = "1",
            description = "Messages an occupant may send at once before the per-second rate applies")
    int message_burst() default 30;

    @AttributeDefinition(name = "History size", min = "0",
            description = "Messages a new room keeps for history on join (XEP-0045 §7.2.14)")
    int history_size() default 20;

    @AttributeDefinition(name = "Largest history", min = "0",
            description = "Largest history length an owner may configure")
    int max_history_size() default 100;

    @AttributeDefinition(name = "Archive by default",
            description = "Whether new rooms keep an archive queried with XEP-0313")
    boolean archive_default() default true;

    @AttributeDefinition(name = "Archive page", min = "1",
            description = "Largest page of an archive query (XEP-0059 max)")
    int max_archive_page() default 100;

    @AttributeDefinition(name = "Persistent by default", description = "Whether new rooms are persistent")
    boolean persistent_default() default false;

    @AttributeDefinition(name = "Threads", min = "1", description = "Threads processing room events")
    int threads() default 2;
}
