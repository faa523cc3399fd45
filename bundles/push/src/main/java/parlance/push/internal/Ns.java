package parlance.push.internal;

/** Namespaces of XEP-0357 and the protocols it uses (XEP-0060 publish, XEP-0004 forms). */
final class Ns {
    static final String PUSH = "urn:xmpp:push:0";
    static final String SUMMARY = "urn:xmpp:push:summary";
    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final String DATA = "jabber:x:data";

    private Ns() {
    }
}
