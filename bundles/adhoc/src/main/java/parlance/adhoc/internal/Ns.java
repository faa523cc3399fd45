package parlance.adhoc.internal;

/** Namespaces of XEP-0050, XEP-0133 and XEP-0004. */
final class Ns {
    static final String COMMANDS = "http://jabber.org/protocol/commands";
    static final String ADMIN = "http://jabber.org/protocol/admin";
    static final String DATA = "jabber:x:data";

    private Ns() {
    }
}
