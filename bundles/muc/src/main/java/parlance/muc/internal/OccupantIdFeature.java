package parlance.muc.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dom4j.Element;
import parlance.api.address.Jid;

/**
 * XEP-0421 (Anonymous unique occupant identifiers for MUCs) 0.3.0: every presence and groupchat message the room
 * sends about an occupant carries {@code <occupant-id/>}, the same for one user (bare address) in one room across
 * sessions, nickname changes and restarts (§4: a keyed hash of the real bare address; the key is the room's
 * secret, stored with the room), unlinkable between rooms. Ids a client sent are removed (§4).
 */
final class OccupantIdFeature implements RoomFeature {

    /** The occupant id of a user in a room. */
    static String idFor(Room room, Jid real) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(room.idSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] hash = mac.doFinal(real.bare().toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void discoFeatures(Room room, Set<String> features) {
        features.add(MucNs.OCCUPANT_ID);
    }

    @Override
    public void presence(Room room, Occupant occupant, Element presence) {
        stamp(occupant, presence);
    }

    @Override
    public void message(Room room, Occupant sender, Element message) {
        stamp(sender, message);
    }

    private static void stamp(Occupant occupant, Element stanza) {
        for (Element old : stanza.elements(org.dom4j.QName.get("occupant-id", MucNs.OCCUPANT_ID))) {
            stanza.remove(old);
        }
        stanza.addElement("occupant-id", MucNs.OCCUPANT_ID).addAttribute("id", occupant.occupantId);
    }
}
