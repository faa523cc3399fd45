package parlance.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import parlance.api.address.Jid;
import parlance.api.handler.IqHandler;
import parlance.api.router.HostedService;
import parlance.api.stanza.Namespaces;

/** XEP-0030 §3.1 (info) and §4.1/§4.2 (items) for the server and for accounts. */
class DiscoTest {
    private final DiscoCatalog catalog = new DiscoCatalog();
    private final FakeAccounts accounts = new FakeAccounts().with("juliet", "pw").with("romeo", "pw");

    /** A service reference that only answers its properties, as DS hands it to a reference-typed bind method. */
    static ServiceReference<?> ref(Map<String, Object> properties) {
        return (ServiceReference<?>) Proxy.newProxyInstance(DiscoTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperty":
                            return properties.get((String) args[0]);
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "toString":
                            return "ref" + properties;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static List<String> features(Element query) {
        return query.elements("feature").stream().map(e -> ((Element) e).attributeValue("var")).toList();
    }

    @Test
    void serverInfoShowsIdentityAndTheFeaturesOfServerHandlersOnly() throws Exception {
        ServiceReference<?> ping = ref(Map.of(IqHandler.TARGET, new String[] {"server", "account"},
                IqHandler.FEATURE, Namespaces.PING));
        catalog.addHandler(ping);
        catalog.addHandler(ref(Map.of(IqHandler.TARGET, "account", IqHandler.FEATURE, "urn:example:account-only")));
        catalog.addStanzaHandler(ref(Map.of(IqHandler.FEATURE, List.of("urn:xmpp:receipts", "urn:xmpp:chat-markers:0"))));

        FakeContext ctx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER, FakeContext.query(Namespaces.DISCO_INFO));
        new ServerDiscoInfo(catalog, "Parlance").handle(ctx);
        Element query = ctx.awaitResult();

        Element identity = query.element("identity");
        assertEquals("server", identity.attributeValue("category"));
        assertEquals("im", identity.attributeValue("type"));
        assertEquals("Parlance", identity.attributeValue("name"));
        assertEquals(List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, "urn:xmpp:chat-markers:0",
                Namespaces.PING, "urn:xmpp:receipts"), features(query));

        catalog.removed(ping);
        FakeContext again = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER, FakeContext.query(Namespaces.DISCO_INFO));
        new ServerDiscoInfo(catalog, "Parlance").handle(again);
        assertFalse(features(again.awaitResult()).contains(Namespaces.PING), "a departed handler's feature is gone");
    }

    @Test
    void unknownNodeIsItemNotFound() throws Exception {
        Element q = FakeContext.query(Namespaces.DISCO_INFO);
        q.addAttribute("node", "http://jabber.org/protocol/commands");
        FakeContext ctx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER, q);
        new ServerDiscoInfo(catalog, "Parlance").handle(ctx);
        assertEquals("item-not-found", ctx.awaitErrorCondition());

        Element items = FakeContext.query(Namespaces.DISCO_ITEMS);
        items.addAttribute("node", "x");
        FakeContext itemsCtx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER, items);
        new ServerDiscoItems(catalog).handle(itemsCtx);
        assertEquals("item-not-found", itemsCtx.awaitErrorCondition());
    }

    @Test
    void serverItemsAreTheHostedServiceDomains() throws Exception {
        catalog.addService(ref(Map.of(HostedService.DOMAIN, "conference.example.org")));
        ServiceReference<?> pubsub = ref(Map.of(HostedService.DOMAIN, "pubsub.example.org"));
        catalog.addService(pubsub);
        FakeContext ctx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER, FakeContext.query(Namespaces.DISCO_ITEMS));
        new ServerDiscoItems(catalog).handle(ctx);
        List<String> jids = ctx.awaitResult().elements("item").stream()
                .map(e -> ((Element) e).attributeValue("jid")).toList();
        assertEquals(List.of("conference.example.org", "pubsub.example.org"), jids);

        catalog.removed(pubsub);
        assertEquals(List.of("conference.example.org"), List.copyOf(catalog.serviceDomains()));
    }

    @Test
    void accountInfoHasRegisteredIdentityAndAccountFeatures() throws Exception {
        catalog.addHandler(ref(Map.of(IqHandler.TARGET, "account", IqHandler.FEATURE, Namespaces.PRIVATE)));
        catalog.addHandler(ref(Map.of(IqHandler.TARGET, "server", IqHandler.FEATURE, Namespaces.TIME)));

        // own account, addressed without 'to'
        FakeContext own = FakeContext.iq("get", FakeContext.JULIET, null, FakeContext.query(Namespaces.DISCO_INFO));
        new AccountDiscoInfo(catalog, accounts).handle(own);
        Element query = own.awaitResult();
        assertEquals("account", query.element("identity").attributeValue("category"));
        assertEquals("registered", query.element("identity").attributeValue("type"));
        assertTrue(features(query).contains(Namespaces.PRIVATE));
        assertFalse(features(query).contains(Namespaces.TIME));

        // another existing account
        FakeContext other = FakeContext.iq("get", FakeContext.JULIET, FakeContext.ROMEO, FakeContext.query(Namespaces.DISCO_INFO));
        new AccountDiscoInfo(catalog, accounts).handle(other);
        assertEquals("registered", other.awaitResult().element("identity").attributeValue("type"));
    }

    @Test
    void unknownAccountIsServiceUnavailable() throws Exception {
        Jid nobody = Jid.ofPrepared("nobody", FakeContext.DOMAIN, null);
        FakeContext info = FakeContext.iq("get", FakeContext.JULIET, nobody, FakeContext.query(Namespaces.DISCO_INFO));
        new AccountDiscoInfo(catalog, accounts).handle(info);
        assertEquals("service-unavailable", info.awaitErrorCondition());

        FakeContext items = FakeContext.iq("get", FakeContext.JULIET, nobody, FakeContext.query(Namespaces.DISCO_ITEMS));
        new AccountDiscoItems(accounts).handle(items);
        assertEquals("service-unavailable", items.awaitErrorCondition());

        FakeContext romeoItems = FakeContext.iq("get", FakeContext.JULIET, FakeContext.ROMEO, FakeContext.query(Namespaces.DISCO_ITEMS));
        new AccountDiscoItems(accounts).handle(romeoItems);
        assertTrue(romeoItems.awaitResult().elements().isEmpty());
    }
}
