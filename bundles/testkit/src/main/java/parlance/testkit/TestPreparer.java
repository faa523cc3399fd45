package parlance.testkit;

import java.util.Locale;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;

/**
 * An {@link AddressPreparer} for unit tests, standing in for PRECIS (RFC 7622): it lower-cases addresses and local
 * parts and domains, keeps resources and passwords as they are, and refuses blank text, text with a space and an
 * address with an empty local part ({@code "@example.org"}).
 */
public final class TestPreparer implements AddressPreparer {
    @Override
    public Jid parse(String text) throws JidFormatException {
        if (text.isBlank() || text.startsWith("@") || text.contains(" ")) {
            throw new JidFormatException("bad: " + text);
        }
        return TestStanzas.jid(text.toLowerCase(Locale.ROOT));
    }

    @Override
    public String prepareLocal(String local) {
        return local.toLowerCase(Locale.ROOT);
    }

    @Override
    public String prepareResource(String resource) {
        return resource;
    }

    @Override
    public String prepareDomain(String domain) {
        return domain.toLowerCase(Locale.ROOT);
    }

    @Override
    public String preparePassword(String password) {
        return password;
    }
}
