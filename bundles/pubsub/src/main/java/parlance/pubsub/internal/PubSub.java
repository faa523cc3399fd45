package parlance.pubsub.internal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.storage.Roster;
import parlance.api.storage.RosterStore;

/**
 * What every handler of one activation shares: the PubSub domain, the server domain, settings, the way out, the
 * store, rosters (optional: without a roster store the presence and roster access models admit only owners), the
 * capabilities cache and the clock. Nothing here is static.
 */
final class PubSub {
    final Jid domain;
    final String serverDomain;
    final Settings settings;
    final Fanout fanout;
    final AddressPreparer preparer;
    final Storage storage;
    final Caps caps;
    private final Supplier<RosterStore> rosters;
    private final LongSupplier clock;
    private final Predicate<Jid> admins;

    PubSub(Jid domain, String serverDomain, Settings settings, Fanout fanout, AddressPreparer preparer,
            Storage storage, Supplier<RosterStore> rosters, LongSupplier clock, Predicate<Jid> admins) {
        this.domain = domain;
        this.serverDomain = serverDomain;
        this.settings = settings;
        this.fanout = fanout;
        this.preparer = preparer;
        this.storage = storage;
        this.rosters = rosters;
        this.clock = clock;
        this.admins = admins;
        this.caps = new Caps(this, settings.capsCacheSize());
    }

    /** Whether an address is a local account (a PEP service of this server). */
    boolean isLocalAccount(Jid jid) {
        return jid != null && jid.local() != null && serverDomain.equals(jid.domain());
    }

    /** The roster of a local account; empty when it is remote or no roster store is registered. */
    CompletionStage<Roster> roster(Jid account) {
        RosterStore store = rosters.get();
        if (store == null || !isLocalAccount(account)) {
            return CompletableFuture.completedFuture(new Roster(0, java.util.List.of()));
        }
        return store.roster(account.local()).exceptionally(e -> new Roster(0, java.util.List.of()));
    }

    boolean isAdmin(Jid bare) {
        return admins.test(bare);
    }

    long millis() {
        return clock.getAsLong();
    }

    Instant now() {
        return Instant.ofEpochMilli(clock.getAsLong());
    }
}
