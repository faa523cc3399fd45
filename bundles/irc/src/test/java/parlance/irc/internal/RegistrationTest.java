package parlance.irc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/** XEP-0100 §4.1 registration, §4.3 unregistration, §4 registration-required, §6.3 addressing, disco identity. */
class RegistrationTest {
    static final String ALICE = "alice@example.org/desk";
    final Harness h = new Harness(1); // nothing listens on port 1: no test here connects

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void discoInfoNamesTheGatewayIdentityAndFeatures() throws Exception {
        h.send(TestStanzas.iq(ALICE, Harness.GATEWAY, "get", Namespaces.DISCO_INFO, "query"));
        Element query = h.next(Stanza::isIq).payload();
        Element identity = query.element("identity");
        assertEquals("gateway", identity.attributeValue("category"));
        assertEquals("irc", identity.attributeValue("type"));
        List<String> features = query.elements("feature").stream().map(f -> f.attributeValue("var")).toList();
        assertTrue(features.containsAll(List.of(Namespaces.REGISTER, "jabber:iq:gateway", Out.MUC)), features.toString());

        h.send(TestStanzas.iq(ALICE, "#test@" + Harness.GATEWAY, "get", Namespaces.DISCO_INFO, "query"));
        assertEquals("conference", h.next(Stanza::isIq).payload().element("identity").attributeValue("category"));
        h.send(TestStanzas.iq(ALICE, Harness.GATEWAY, "get", "urn:xmpp:ping", "ping"));
        assertEquals("service-unavailable", TestStanzas.condition(h.next(Stanza::isIq)));
    }

    @Test
    void registrationFormThenSetStoresThePerUserNickAndAsksForASubscription() throws Exception {
        h.send(TestStanzas.iq(ALICE, Harness.GATEWAY, "get", Namespaces.REGISTER, "query"));
        Element form = h.next(Stanza::isIq).payload();
        assertNotNull(form.element("nick"));
        assertNotNull(form.element("password"));
        assertNull(form.element("registered"));

        Stanza set = TestStanzas.iq(ALICE, Harness.GATEWAY, "set", Namespaces.REGISTER, "query");
        set.payload().addElement(QName.get("nick", Namespaces.REGISTER)).setText("Alice_");
        set.payload().addElement(QName.get("password", Namespaces.REGISTER)).setText("s3cret");
        h.send(set);
        assertEquals("result", h.next(Stanza::isIq).type());
        Stanza subscribe = h.next(s -> s.kind() == Stanza.Kind.PRESENCE);
        assertEquals("subscribe", subscribe.type(), "XEP-0100 §4.1.1: the gateway asks for the user's presence");
        assertEquals("alice@example.org", subscribe.element().attributeValue("to"));

        String stored = h.store.xml.get("alice|urn:parlance:irc#" + Harness.GATEWAY);
        assertEquals(new Registration("Alice_", "s3cret"), Registration.parse(stored));
        assertTrue(h.store.xml.keySet().stream().noneMatch(k -> k.contains(" ")),
                "no space in the key: XEP-0049 (namespace + ' ' + element) cannot reach it");

        h.send(TestStanzas.iq("alice@example.org/phone", Harness.GATEWAY, "get", Namespaces.REGISTER, "query"));
        Element again = h.next(Stanza::isIq).payload();
        assertNotNull(again.element("registered"), "registration is per bare JID");
        assertEquals("Alice_", again.elementText("nick"));
        assertEquals("", again.elementText("password"), "the password is never sent back");
    }

    @Test
    void anInvalidNickIsNotAcceptable() throws Exception {
        Stanza set = TestStanzas.iq(ALICE, Harness.GATEWAY, "set", Namespaces.REGISTER, "query");
        set.payload().addElement(QName.get("nick", Namespaces.REGISTER)).setText("9 lives");
        h.send(set);
        assertEquals("not-acceptable", TestStanzas.condition(h.next(Stanza::isIq)));
        assertTrue(h.store.xml.isEmpty());
    }

    @Test
    void removeUnregistersAndUnsubscribes() throws Exception {
        h.register(ALICE, "alice");
        Stanza remove = TestStanzas.iq(ALICE, Harness.GATEWAY, "set", Namespaces.REGISTER, "query");
        remove.payload().addElement(QName.get("remove", Namespaces.REGISTER));
        h.send(remove);
        assertEquals("result", h.next(Stanza::isIq).type());
        assertEquals("unsubscribe", h.next(s -> !s.isIq()).type());
        assertEquals("unsubscribed", h.next(s -> !s.isIq()).type());
        assertEquals("unavailable", h.next(s -> !s.isIq()).type());
        assertNull(Registration.parse(h.store.xml.get("alice|urn:parlance:irc#" + Harness.GATEWAY)));

        h.presence(ALICE, "#test@" + Harness.GATEWAY + "/alice", null);
        assertEquals("registration-required", TestStanzas.condition(h.next(s -> true)));
        h.send(remove);
        assertEquals("registration-required", TestStanzas.condition(h.next(s -> true)));
    }

    @Test
    void withoutRegistrationPresenceAndMessagesAreRefused() throws Exception {
        h.presence(ALICE, Harness.GATEWAY, null);
        assertEquals("registration-required", TestStanzas.condition(h.next(s -> true)));
        h.presence(ALICE, "#test@" + Harness.GATEWAY + "/alice", null);
        Stanza error = h.next(s -> true);
        assertEquals("registration-required", TestStanzas.condition(error));
        assertEquals("#test@" + Harness.GATEWAY + "/alice", error.element().attributeValue("from"));
        h.send(TestStanzas.message(ALICE, "bob@" + Harness.GATEWAY, "chat", "hi"));
        assertEquals("registration-required", TestStanzas.condition(h.next(s -> true)));
        h.send(TestStanzas.stanza("presence", ALICE, Harness.GATEWAY, "subscribe"));
        assertEquals("unsubscribed", h.next(s -> true).type());
    }

    @Test
    void addressTranslationEscapesNamesPerXep0106() throws Exception {
        Stanza set = TestStanzas.iq(ALICE, Harness.GATEWAY, "set", GatewayIq.GATEWAY, "query");
        set.payload().addElement(QName.get("prompt", GatewayIq.GATEWAY)).setText("&Local:chan");
        h.send(set);
        assertEquals("\\26local\\3achan@" + Harness.GATEWAY, h.next(Stanza::isIq).payload().elementText("jid"));
        Stanza bad = TestStanzas.iq(ALICE, Harness.GATEWAY, "set", GatewayIq.GATEWAY, "query");
        bad.payload().addElement(QName.get("prompt", GatewayIq.GATEWAY)).setText("two words");
        h.send(bad);
        assertEquals("bad-request", TestStanzas.condition(h.next(Stanza::isIq)));
    }
}
