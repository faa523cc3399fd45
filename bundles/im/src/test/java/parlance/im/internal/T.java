package parlance.im.internal;

import java.lang.annotation.Annotation;
import parlance.testkit.TestStanzas;

/** Test helpers of this package: its configurations, on top of the shared {@link TestStanzas}. */
final class T extends TestStanzas {
    private T() {
    }

    static OfflineConfig offlineConfig(int limit) {
        return new OfflineConfig() {
            public Class<? extends Annotation> annotationType() {
                return OfflineConfig.class;
            }

            public int limit() {
                return limit;
            }
        };
    }
}
