package parlance.irc.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;

/**
 * The gateway's addressing scheme (XEP-0100 §6.3, XEP-0045 §4.1): the gateway is {@code irc.<domain>}, a channel
 * {@code #chan} is the room {@code #chan@irc.<domain>} with occupants {@code #chan@irc.<domain>/nick}, and a
 * nickname is the contact {@code nick@irc.<domain>}. Names pass through XEP-0106 escaping ({@link JidEscaping})
 * and are then prepared (RFC 7622), so localparts are lower case; IRC compares names case-insensitively anyway
 * (RFC 2812 §2.2). A name that cannot be an address at all gives {@code null} and a debug line.
 */
final class Addresses {
    private static final Logger LOG = LoggerFactory.getLogger(Addresses.class);

    private final Jid gateway;
    private final AddressPreparer preparer;

    Addresses(Jid gateway, AddressPreparer preparer) {
        this.gateway = gateway;
        this.preparer = preparer;
    }

    Jid gateway() {
        return gateway;
    }

    /** The address of a channel or nickname, {@code escaped@gateway}. */
    Jid entity(String ircName) {
        try {
            return Jid.ofPrepared(preparer.prepareLocal(JidEscaping.escape(ircName)), gateway.domain(), null);
        } catch (JidFormatException e) {
            LOG.debug("IRC name {} has no address: {}", ircName, e.getMessage());
            return null;
        }
    }

    /** The occupant {@code room/nick} (the nick as the resourcepart, no escaping needed there). */
    Jid occupant(Jid room, String nick) {
        try {
            return room.withResource(preparer.prepareResource(nick));
        } catch (JidFormatException e) {
            LOG.debug("Nick {} is no resourcepart: {}", nick, e.getMessage());
            return null;
        }
    }

    /** The IRC name an address under the gateway stands for (its unescaped localpart). */
    static String ircName(Jid address) {
        return address.local() == null ? "" : JidEscaping.unescape(address.local());
    }
}
