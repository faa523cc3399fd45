package parlance.router.internal;

import parlance.testkit.TestStanzas;

/** Test helpers of this package: the shared {@link TestStanzas}; the router's set-up is in {@link RouterFixture}. */
final class T extends TestStanzas {
    private T() {
    }
}
