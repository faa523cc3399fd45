package parlance.blocking.internal;

/** Namespaces of XEP-0191 §9 (Registrar considerations). */
final class Ns {
    static final String BLOCKING = "urn:xmpp:blocking";
    static final String ERRORS = "urn:xmpp:blocking:errors";

    private Ns() {
    }
}
