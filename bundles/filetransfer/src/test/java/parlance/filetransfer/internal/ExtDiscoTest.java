package parlance.filetransfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.testkit.TestStanzas;

/** XEP-0215 services and credentials requests against the handlers, with a fixed clock. */
class ExtDiscoTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String NS = ExtDiscoElements.NS;

    static ExtDiscoConfig config(String... services) {
        return new ExtDiscoConfig() {
            public String[] services() {
                return services;
            }

            public long ttl_seconds() {
                return 86400;
            }

            public Class<? extends Annotation> annotationType() {
                return ExtDiscoConfig.class;
            }
        };
    }

    private final ExtDiscoConfig config = config("stun:stun.example.org",
            "turn:turn.example.org:3478?transport=udp&secret=north-wind&ttl=600");

    @Test
    void servicesListsAllWithCredentialsForTheRequestersBareJid() throws Exception {
        Stanza reply = ask(new ExtDiscoServices(config, () -> NOW), "services", null, null);
        List<Element> services = reply.element().element(QName.get("services", NS)).elements();
        assertEquals(2, services.size());
        assertNull(services.get(0).attributeValue("username"));
        Element turn = services.get(1);
        assertEquals("turn", turn.attributeValue("type"));
        assertEquals("1", turn.attributeValue("restricted"));
        assertEquals("1700000600:alice@example.org", turn.attributeValue("username"));
        assertEquals(TurnCredentials.password("north-wind", "1700000600:alice@example.org"),
                turn.attributeValue("password"));
        assertEquals("2023-11-14T22:23:20Z", turn.attributeValue("expires"));
    }

    @Test
    void servicesFilteredByType() throws Exception {
        Stanza reply = ask(new ExtDiscoServices(config, () -> NOW), "services", "stun", null);
        List<Element> services = reply.element().element(QName.get("services", NS)).elements();
        assertEquals(1, services.size());
        assertEquals("stun.example.org", services.get(0).attributeValue("host"));
    }

    @Test
    void credentialsForAConfiguredTurnServer() throws Exception {
        Stanza reply = ask(new ExtDiscoCredentials(config, () -> NOW), "credentials", "turn", "turn.example.org");
        Element service = reply.element().element(QName.get("credentials", NS)).element(QName.get("service", NS));
        assertEquals("1700000600:alice@example.org", service.attributeValue("username"));
    }

    @Test
    void credentialsForAnUnknownOrUnrestrictedServiceAreItemNotFound() throws Exception {
        ExtDiscoCredentials h = new ExtDiscoCredentials(config, () -> NOW);
        assertEquals("item-not-found", TestStanzas.condition(ask(h, "credentials", "turn", "elsewhere.org")));
        assertEquals("item-not-found", TestStanzas.condition(ask(h, "credentials", "stun", "stun.example.org")));
        assertEquals("bad-request", TestStanzas.condition(ask(h, "credentials", null, null)));
    }

    private static Stanza ask(IqHandler handler, String element, String type, String host) throws Exception {
        Stanza iq = TestStanzas.iq("alice@example.org/phone", "example.org", "get", NS, element);
        if ("services".equals(element) && type != null) {
            iq.payload().addAttribute("type", type);
        } else if (type != null) {
            iq.payload().addElement(QName.get("service", NS)).addAttribute("type", type).addAttribute("host", host);
        }
        List<Stanza> replies = new ArrayList<>();
        handler.handle(new HandlerContext() {
            public Stanza stanza() {
                return iq;
            }

            public ClientSession origin() {
                return null;
            }

            public void reply(Element child) {
                replies.add(Stanzas.iqResult(iq, child));
            }

            public void replyError(StanzaError condition, String text) {
                replies.add(Stanzas.error(iq, condition, text));
            }

            public void route(Stanza stanza) {
                replies.add(stanza);
            }

            public Router router() {
                return null;
            }

            public Executor executor() {
                return Runnable::run;
            }
        });
        assertEquals(1, replies.size());
        return replies.get(0);
    }
}
