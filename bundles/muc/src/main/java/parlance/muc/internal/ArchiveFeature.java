package parlance.muc.internal;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.stanza.Namespaces;
import parlance.api.storage.ArchiveStore;

/**
 * The room archive (XEP-0313 0.7 §6 "MUC archives"): each groupchat message with a body is appended to the
 * {@link ArchiveStore} under the room's bare address, {@code with} the sender's occupant address, before it is
 * broadcast; the broadcast copy then carries {@code <stanza-id by='room'/>} (XEP-0359 §3) with the archive id.
 * A destroyed room's archive is purged. Without an archive store rooms keep no archive (and say so in disco).
 */
final class ArchiveFeature implements RoomFeature {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveFeature.class);
    private final Muc muc;

    ArchiveFeature(Muc muc) {
        this.muc = muc;
    }

    boolean archives(Room room) {
        return room.config.archived && muc.archiveStore() != null;
    }

    @Override
    public void discoFeatures(Room room, Set<String> features) {
        if (archives(room)) {
            features.add(MucNs.MAM);
            features.add(MucNs.SID);
        }
    }

    @Override
    public CompletionStage<Void> store(Room room, Occupant sender, Element message) {
        ArchiveStore store = muc.archiveStore();
        if (store == null || !room.config.archived
                || message.element(QName.get("body", Namespaces.CLIENT)) == null) {
            return DONE;
        }
        message.addAttribute("from", sender.jid().toString());
        return store.append(room.jid.toString(), sender.jid().toString(), message.asXML()).toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS)
                .handle((stored, e) -> {
                    if (e != null) {
                        LOG.warn("Could not archive a message of {}: {}", room.jid, e.toString());
                    } else {
                        message.addElement("stanza-id", MucNs.SID).addAttribute("id", stored.id())
                                .addAttribute("by", room.jid.toString());
                    }
                    return null;
                });
    }

    @Override
    public void destroyed(Room room, boolean byOwner) {
        ArchiveStore store = muc.archiveStore();
        if (store != null) {
            store.purge(room.jid.toString()).whenComplete((n, e) -> {
                if (e != null) {
                    LOG.warn("Could not purge the archive of {}: {}", room.jid, e.toString());
                }
            });
        }
    }
}
