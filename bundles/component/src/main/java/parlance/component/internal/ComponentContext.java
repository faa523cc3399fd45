package parlance.component.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;
import parlance.api.address.AddressPreparer;
import parlance.api.router.Router;

/** What every component connection shares: secrets, the registry of connected domains, the services it uses. */
final class ComponentContext {
    final Secrets secrets;
    final ConnectedComponents components;
    final int maxStanzaBytes;
    private final Supplier<Router> router;
    private final Supplier<AddressPreparer> preparer;
    private final SecureRandom random = new SecureRandom();

    ComponentContext(Secrets secrets, ConnectedComponents components, int maxStanzaBytes, Supplier<Router> router,
            Supplier<AddressPreparer> preparer) {
        this.secrets = secrets;
        this.components = components;
        this.maxStanzaBytes = maxStanzaBytes;
        this.router = router;
        this.preparer = preparer;
    }

    /** The router, or {@code null} while none is registered. */
    Router router() {
        return router.get();
    }

    /** The address preparer, or {@code null} while none is registered. */
    AddressPreparer preparer() {
        return preparer.get();
    }

    /** A fresh, unguessable stream id (XEP-0114 §3: it salts the handshake digest). */
    String newStreamId() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
