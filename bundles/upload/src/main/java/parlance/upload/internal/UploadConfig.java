package parlance.upload.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the HTTP file upload service (XEP-0363), PID {@code parlance.upload}. System properties
 * {@code -Dparlance.upload.<key>} override the file (keys with dots, e.g. {@code parlance.upload.max.file.size}).
 */
@ObjectClassDefinition(id = UploadConfig.PID, name = "Parlance HTTP file upload",
        description = "HTTP file upload (XEP-0363) at upload.<domain>, files served under /upload/ on the HTTP port")
public @interface UploadConfig {
    String PID = "parlance.upload";

    @AttributeDefinition(name = "Domain", required = false,
            description = "Domain of the service; empty for upload.<server domain>")
    String domain() default "";

    @AttributeDefinition(name = "Service name", description = "Name of the service in service discovery")
    String name() default "HTTP File Upload";

    @AttributeDefinition(name = "Largest file (bytes)", min = "1",
            description = "Largest file a slot is issued for (XEP-0363 §2 max-file-size)")
    long max_file_size() default 10L * 1024 * 1024;

    @AttributeDefinition(name = "Quota per user (bytes)", min = "0",
            description = "Most bytes one user may have stored (and reserved by open slots); 0 for no quota")
    long quota() default 100L * 1024 * 1024;

    @AttributeDefinition(name = "Slot lifetime (s)", min = "1",
            description = "Seconds a slot's PUT URL stays valid after it was issued")
    int slot_seconds() default 300;

    @AttributeDefinition(name = "Expiry (days)", min = "1",
            description = "Days an uploaded file is served before the cleanup deletes it")
    int expiry_days() default 7;

    @AttributeDefinition(name = "Cleanup interval (s)", min = "1",
            description = "Seconds between runs of the cleanup of expired files and unused slots")
    int cleanup_seconds() default 3600;

    @AttributeDefinition(name = "External URL", required = false,
            description = "Public base URL of the HTTP listener behind a proxy, e.g. https://files.example.org; "
                    + "empty for https://<domain>:<https port> (http and the HTTP port when HTTPS is off)")
    String external_url() default "";
}
