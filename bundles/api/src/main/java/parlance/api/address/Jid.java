package parlance.api.address;

import java.util.Objects;

/**
 * An XMPP address (RFC 7622 §3), always in prepared (PRECIS-enforced) form.
 *
 * <p>Instances are created by an {@link AddressPreparer}, which prepares each part exactly once when the address is
 * parsed; everything downstream compares prepared strings with {@code equals}. A {@code Jid} is immutable and cheap
 * to compare: its hash code is computed once.
 */
public final class Jid {
    private final String local;
    private final String domain;
    private final String resource;
    private final int hash;
    private String text;

    private Jid(String local, String domain, String resource) {
        this.local = local;
        this.domain = Objects.requireNonNull(domain, "domain");
        this.resource = resource;
        this.hash = Objects.hash(local, domain, resource);
    }

    /**
     * Assembles an address from parts that are already prepared. Only an {@link AddressPreparer} or code holding
     * parts taken from another prepared {@code Jid} may call this: it checks nothing.
     */
    public static Jid ofPrepared(String local, String domain, String resource) {
        return new Jid(emptyToNull(local), domain, emptyToNull(resource));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The localpart, or {@code null} for a domain or domain/resource address. */
    public String local() {
        return local;
    }

    public String domain() {
        return domain;
    }

    /** The resourcepart, or {@code null} for a bare address. */
    public String resource() {
        return resource;
    }

    public boolean isBare() {
        return resource == null;
    }

    public boolean isFull() {
        return resource != null;
    }

    /** True for an address with a localpart, i.e. an account (RFC 6121 terminology). */
    public boolean isEntity() {
        return local != null;
    }

    /** The bare address {@code local@domain} (RFC 6120 §1.4); returns {@code this} when already bare. */
    public Jid bare() {
        return resource == null ? this : new Jid(local, domain, null);
    }

    /** The domain of this address as an address. */
    public Jid domainJid() {
        return local == null && resource == null ? this : new Jid(null, domain, null);
    }

    /** This bare address with another (already prepared) resourcepart. */
    public Jid withResource(String preparedResource) {
        return new Jid(local, domain, emptyToNull(preparedResource));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Jid)) {
            return false;
        }
        Jid other = (Jid) o;
        return hash == other.hash && domain.equals(other.domain) && Objects.equals(local, other.local)
                && Objects.equals(resource, other.resource);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The string form (RFC 7622 §3.1), computed once. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            StringBuilder sb = new StringBuilder(domain.length() + 32);
            if (local != null) {
                sb.append(local).append('@');
            }
            sb.append(domain);
            if (resource != null) {
                sb.append('/').append(resource);
            }
            t = sb.toString();
            text = t;
        }
        return t;
    }
}
