package parlance.storage.derby.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the embedded Derby database (PID {@code parlance.storage.derby}). */
@ObjectClassDefinition(name = "Parlance Derby storage",
        description = "The embedded Derby database under <home>/data/derby")
public @interface DerbyConfig {
    @AttributeDefinition(name = "Connection pool size", min = "1", max = "64",
            description = "Open JDBC connections at most; a worker thread waits for a free one")
    int pool_size() default 4;

    @AttributeDefinition(name = "Worker threads", min = "1", max = "64",
            description = "Single-thread stripes; all operations for one username run on one stripe, in order")
    int threads() default 4;

    @AttributeDefinition(name = "Queue size per thread", min = "1",
            description = "Pending operations per stripe; beyond it a call completes with RejectedExecutionException")
    int queue_size() default 10_000;

    @AttributeDefinition(name = "Shutdown timeout (seconds)", min = "1",
            description = "How long deactivation waits for queued operations before the database is shut down")
    int shutdown_timeout() default 10;
}
