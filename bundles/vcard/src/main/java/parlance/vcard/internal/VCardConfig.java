package parlance.vcard.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}. */
@ObjectClassDefinition(name = "Parlance vCards", description = "vcard-temp (XEP-0054) and vCard avatars (XEP-0153)")
public @interface VCardConfig {
    String PID = "parlance.vcard";

    @AttributeDefinition(name = "Maximum size", description = "Largest vCard accepted, in bytes of XML (UTF-8)",
            min = "1024")
    int max_size() default 65536;

    @AttributeDefinition(name = "Avatar hash in presence", description = "Add <x xmlns='vcard-temp:x:update'> with "
            + "the photo's SHA-1 to presence broadcasts that carry none (XEP-0153 §4.1)")
    boolean presence_update() default true;
}
