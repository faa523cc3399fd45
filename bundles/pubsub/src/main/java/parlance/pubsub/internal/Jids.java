package parlance.pubsub.internal;

import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;

/** Addresses: parsing those the service stored itself, and preparing those clients send (RFC 7622). */
final class Jids {
    private Jids() {
    }

    /** Splits an address that was prepared before it was stored; {@code null} for none. */
    static Jid parsePrepared(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int slash = text.indexOf('/');
        String resource = slash < 0 ? null : text.substring(slash + 1);
        String rest = slash < 0 ? text : text.substring(0, slash);
        int at = rest.indexOf('@');
        return Jid.ofPrepared(at < 0 ? null : rest.substring(0, at), rest.substring(at + 1), resource);
    }

    /** Prepares an address a client sent, or {@code null} when it is missing or malformed. */
    static Jid parse(AddressPreparer preparer, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return preparer.parse(text.trim());
        } catch (JidFormatException | RuntimeException e) {
            return null;
        }
    }
}
