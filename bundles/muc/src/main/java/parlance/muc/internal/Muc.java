package parlance.muc.internal;

import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.api.storage.ArchiveStore;
import parlance.api.storage.RoomStore;

/**
 * What every handler and room feature of one service instance shares: the service address, its settings, the way
 * out ({@link Fanout}), the optional stores, the clock and the ordered room features. One per activation; nothing
 * here is static. The settings are replaced live when the configuration changes ({@link #settings(Settings)}):
 * every reader asks {@link #settings()} when it needs a value, so rooms and occupants stay.
 */
final class Muc {
    final Jid service;
    private volatile Settings settings;
    final Fanout fanout;
    final AddressPreparer preparer;
    private final Supplier<RoomStore> roomStore;
    private final Supplier<ArchiveStore> archiveStore;
    private final LongSupplier clock;
    private List<RoomFeature> features = List.of();

    Muc(Jid service, Settings settings, Fanout fanout, AddressPreparer preparer, Supplier<RoomStore> roomStore,
            Supplier<ArchiveStore> archiveStore, LongSupplier clock) {
        this.service = service;
        this.settings = settings;
        this.fanout = fanout;
        this.preparer = preparer;
        this.roomStore = roomStore;
        this.archiveStore = archiveStore;
        this.clock = clock;
    }

    /** The service-wide limits and defaults in force now. */
    Settings settings() {
        return settings;
    }

    /** Applies changed limits and defaults to every room from the next stanza on (configuration changed live). */
    void settings(Settings changed) {
        settings = changed;
    }

    void features(List<RoomFeature> list) {
        features = List.copyOf(list);
    }

    List<RoomFeature> features() {
        return features;
    }

    /** The room store, or {@code null} while none is registered (rooms then live in memory only). */
    RoomStore roomStore() {
        return roomStore.get();
    }

    /** The archive store, or {@code null} while none is registered (then no room keeps an archive). */
    ArchiveStore archiveStore() {
        return archiveStore.get();
    }

    long millis() {
        return clock.getAsLong();
    }

    Instant now() {
        return Instant.ofEpochMilli(clock.getAsLong());
    }

    /** Answers {@code request} with an error (never an error to an error). */
    void error(Stanza request, StanzaError condition, String text) {
        fanout.send(Stanzas.error(request, condition, text));
    }

    /** Answers an IQ request with a result carrying {@code child} (may be {@code null}). */
    void result(Stanza request, org.dom4j.Element child) {
        fanout.send(Stanzas.iqResult(request, child));
    }

    /** The room address {@code name@service}. */
    Jid roomJid(String name) {
        return Jid.ofPrepared(name, service.domain(), null);
    }
}
