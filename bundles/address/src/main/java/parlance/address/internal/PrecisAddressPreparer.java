package parlance.address.internal;

import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import rocks.xmpp.precis.PrecisProfile;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * RFC 7622 address preparation with the PRECIS profiles of RFC 8265 (rocks.xmpp:precis): localpart with
 * UsernameCaseMapped (§3.3), resourcepart with OpaqueString (§3.4), domainpart per §3.2 ({@link DomainPreparer}),
 * passwords with OpaqueString (RFC 8265 §4.2). Every part is limited to 1023 octets of UTF-8.
 */
@Component(service = AddressPreparer.class)
public final class PrecisAddressPreparer implements AddressPreparer {
    static final int MAX_OCTETS = 1023;

    private final DomainPreparer domains = new DomainPreparer();

    /**
     * Splits per RFC 7622 §3.1: the first '/' starts the resourcepart (which may itself contain '/' and '@'); in
     * what precedes it, the first '@' ends the localpart. Each part present must be non-empty.
     */
    @Override
    public Jid parse(String text) throws JidFormatException {
        if (text == null || text.isEmpty()) {
            throw new JidFormatException("empty address");
        }
        int slash = text.indexOf('/');
        String head = slash < 0 ? text : text.substring(0, slash);
        String resource = null;
        if (slash >= 0) {
            resource = prepareResource(text.substring(slash + 1));
        }
        int at = head.indexOf('@');
        String local = null;
        String domain = head;
        if (at >= 0) {
            local = prepareLocal(head.substring(0, at));
            domain = head.substring(at + 1);
        }
        return Jid.ofPrepared(local, prepareDomain(domain), resource);
    }

    /** RFC 7622 §3.3: UsernameCaseMapped, then the characters of §3.3.1 are refused. */
    @Override
    public String prepareLocal(String local) throws JidFormatException {
        String prepared = isAscii(local, '!') ? toLowerAscii(local)
                : enforce(PrecisProfiles.USERNAME_CASE_MAPPED, local, "localpart");
        for (int i = 0; i < prepared.length(); i++) {
            switch (prepared.charAt(i)) {
                case '"': case '&': case '\'': case '/': case ':': case '<': case '>': case '@':
                    throw new JidFormatException("character not allowed in localpart: " + prepared.charAt(i));
                default:
                    break;
            }
        }
        return prepared;
    }

    /** RFC 7622 §3.4: OpaqueString. */
    @Override
    public String prepareResource(String resource) throws JidFormatException {
        return isAscii(resource, ' ') ? resource : enforce(PrecisProfiles.OPAQUE_STRING, resource, "resourcepart");
    }

    /**
     * The fast path of the hot routing path: a non-empty part of printable ASCII no longer than the limit, whose
     * PRECIS preparation is known without the library. For such a string the width mapping, NFC and the
     * bidi rule change nothing; UsernameCaseMapped (RFC 8265 §3.3, IdentifierClass: {@code !}..{@code ~}) only
     * lowercases it, and OpaqueString (§4.2, FreeformClass: space..{@code ~}) leaves it as it is.
     * PrecisAddressPreparerTest checks both against the library.
     */
    static boolean isAscii(String s, char lowest) {
        if (s == null || s.isEmpty() || s.length() > MAX_OCTETS) {
            return false;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < lowest || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static String toLowerAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < n; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    /** RFC 7622 §3.2. */
    @Override
    public String prepareDomain(String domain) throws JidFormatException {
        return domains.prepare(domain);
    }

    /** RFC 8265 §4.2 (OpaqueString), as RFC 7677 §4 asks for SCRAM passwords. */
    @Override
    public String preparePassword(String password) throws JidFormatException {
        if (password == null || password.isEmpty()) {
            throw new JidFormatException("empty password");
        }
        try {
            return PrecisProfiles.OPAQUE_STRING.enforce(password);
        } catch (IllegalArgumentException e) {
            // never echo the password or the offending character
            throw new JidFormatException("password not allowed by the OpaqueString profile");
        }
    }

    private static String enforce(PrecisProfile profile, String value, String what) throws JidFormatException {
        if (value == null || value.isEmpty()) {
            throw new JidFormatException("empty " + what);
        }
        if (value.length() > 4 * MAX_OCTETS) { // cheap reject before the PRECIS work
            throw new JidFormatException(what + " longer than 1023 octets");
        }
        String prepared;
        try {
            prepared = profile.enforce(value);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException("invalid " + what + ": " + e.getMessage());
        }
        if (prepared.isEmpty()) {
            throw new JidFormatException("empty " + what);
        }
        if (prepared.getBytes(StandardCharsets.UTF_8).length > MAX_OCTETS) {
            throw new JidFormatException(what + " longer than 1023 octets");
        }
        return prepared;
    }
}
