package parlance.router.internal;

import java.lang.annotation.Annotation;
import parlance.testkit.TestStanzas;

/** Test helpers of this package: its configurations, on top of the shared {@link TestStanzas}. */
final class T extends TestStanzas {
    private T() {
    }

    static RouterConfig routerConfig() {
        return new RouterConfig() {
            public Class<? extends Annotation> annotationType() {
                return RouterConfig.class;
            }

            public int handler_threads() {
                return 2;
            }

            public int handler_queue() {
                return 100;
            }
        };
    }

    static SessionsConfig sessionsConfig(int max, String conflict) {
        return new SessionsConfig() {
            public Class<? extends Annotation> annotationType() {
                return SessionsConfig.class;
            }

            public int max_resources() {
                return max;
            }

            public String conflict() {
                return conflict;
            }
        };
    }
}
