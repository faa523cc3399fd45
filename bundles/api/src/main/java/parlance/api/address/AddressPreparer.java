package parlance.api.address;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Parses and prepares XMPP addresses per RFC 7622 (PRECIS): the localpart with the UsernameCaseMapped profile
 * (§3.3), the domainpart as an IDNA-aware lowercased domain (§3.2), the resourcepart with the OpaqueString profile
 * (§3.4). A service; the implementation hides the PRECIS library.
 */
@ProviderType
public interface AddressPreparer {
    /** Parses {@code text} (e.g. {@code Juliet@Example.com/balcony}) into a prepared address. */
    Jid parse(String text) throws JidFormatException;

    /** Prepares a localpart (RFC 7622 §3.3); the result is what {@link Jid#local()} returns. */
    String prepareLocal(String local) throws JidFormatException;

    /** Prepares a resourcepart (RFC 7622 §3.4). */
    String prepareResource(String resource) throws JidFormatException;

    /** Prepares a domainpart (RFC 7622 §3.2). */
    String prepareDomain(String domain) throws JidFormatException;

    /** Prepares a password with the PRECIS OpaqueString profile (RFC 8265 §4.2), as SCRAM requires (RFC 7677). */
    String preparePassword(String password) throws JidFormatException;
}
