package parlance.vcard.internal;

/** Namespaces of XEP-0054 and XEP-0153. */
final class Ns {
    static final String VCARD = "vcard-temp";
    static final String UPDATE = "vcard-temp:x:update";

    private Ns() {
    }
}
