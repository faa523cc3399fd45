package parlance.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;
import parlance.disco.RegistrationException;

/** XEP-0077: §3.1 registration before authentication, §3.2 cancellation, §3.3 password change. */
class RegistrationTest {
    private final FakeAccounts accounts = new FakeAccounts().with("juliet", "old");

    private static Element register(String username, String password) {
        Element query = FakeContext.query(Namespaces.REGISTER);
        if (username != null) {
            query.addElement("username", Namespaces.REGISTER).setText(username);
        }
        if (password != null) {
            query.addElement("password", Namespaces.REGISTER).setText(password);
        }
        return query;
    }

    private static StanzaError failure(java.util.concurrent.CompletionStage<Element> stage) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS));
        return RegistrationException.conditionOf(e);
    }

    @Test
    void closedServerRefusesUnauthenticatedRegistration() {
        InBandRegistration registration = new InBandRegistration(accounts, false);
        assertFalse(registration.isOpen());
        assertEquals(StanzaError.SERVICE_UNAVAILABLE, failure(registration.handleUnauthenticated(register(null, null))));
        assertEquals(StanzaError.NOT_ALLOWED, failure(registration.handleUnauthenticated(register("romeo", "pw"))));
        assertFalse(accounts.passwords.containsKey("romeo"));
    }

    @Test
    void openServerOffersFieldsAndCreatesAccounts() throws Exception {
        InBandRegistration registration = new InBandRegistration(accounts, true);
        assertTrue(registration.isOpen());
        Element form = registration.handleUnauthenticated(register(null, null)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(Namespaces.REGISTER, form.getNamespaceURI());
        assertNotNull(form.element("username"));
        assertNotNull(form.element("password"));

        assertNull(registration.handleUnauthenticated(register("romeo", "s3cret")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS), "an empty result");
        assertEquals("s3cret", accounts.passwords.get("romeo"));
    }

    @Test
    void typeComesFromTheEnclosingIq() throws Exception {
        InBandRegistration registration = new InBandRegistration(accounts, true);
        Element iq = DocumentHelper.createElement(QName.get("iq", Namespaces.CLIENT));
        iq.addAttribute("type", "set");
        Element empty = iq.addElement(QName.get("query", Namespaces.REGISTER));
        assertEquals(StanzaError.NOT_ACCEPTABLE, failure(registration.handleUnauthenticated(empty)),
                "an empty set lacks the required fields");
    }

    @Test
    void takenOrUnusableNamesAndMissingFieldsAreRefused() {
        InBandRegistration registration = new InBandRegistration(accounts, true);
        assertEquals(StanzaError.CONFLICT, failure(registration.handleUnauthenticated(register("juliet", "x"))));
        assertEquals("old", accounts.passwords.get("juliet"), "the existing account is untouched");
        assertEquals(StanzaError.NOT_ACCEPTABLE, failure(registration.handleUnauthenticated(register("romeo", null))));
        assertEquals(StanzaError.NOT_ACCEPTABLE, failure(registration.handleUnauthenticated(register("a b", "pw"))));
        Element remove = FakeContext.query(Namespaces.REGISTER);
        remove.addElement("remove", Namespaces.REGISTER);
        assertEquals(StanzaError.BAD_REQUEST, failure(registration.handleUnauthenticated(remove)));
    }

    @Test
    void authenticatedUserSeesRegisteredFields() throws Exception {
        FakeContext ctx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER, FakeContext.query(Namespaces.REGISTER));
        new RegisterGet().handle(ctx);
        Element query = ctx.awaitResult();
        assertNotNull(query.element("registered"));
        assertEquals("juliet", query.elementText("username"));
    }

    @Test
    void passwordChangeForOwnAccountOnly() throws Exception {
        FakeContext ctx = FakeContext.iq("set", FakeContext.JULIET, null, register("juliet", "new"));
        new RegisterSet(accounts).handle(ctx);
        assertEquals("result", ctx.awaitReply().type());
        assertEquals("new", accounts.passwords.get("juliet"));

        FakeContext other = FakeContext.iq("set", FakeContext.JULIET, FakeContext.SERVER, register("romeo", "x"));
        new RegisterSet(accounts).handle(other);
        assertEquals("not-allowed", other.awaitErrorCondition());

        FakeContext missing = FakeContext.iq("set", FakeContext.JULIET, FakeContext.SERVER, register("juliet", null));
        new RegisterSet(accounts).handle(missing);
        assertEquals("bad-request", missing.awaitErrorCondition());
        assertEquals("new", accounts.passwords.get("juliet"));
    }

    @Test
    void removeCancelsTheOwnAccount() throws Exception {
        Element remove = FakeContext.query(Namespaces.REGISTER);
        remove.addElement("remove", Namespaces.REGISTER);
        FakeContext ctx = FakeContext.iq("set", FakeContext.JULIET, FakeContext.SERVER, remove);
        new RegisterSet(accounts).handle(ctx);
        assertEquals("result", ctx.awaitReply().type());
        for (int i = 0; i < 100 && accounts.passwords.containsKey("juliet"); i++) {
            Thread.sleep(20);
        }
        assertFalse(accounts.passwords.containsKey("juliet"));
    }

    @Test
    void registrationRequestsAboutAnotherAccountAreUnavailable() throws Exception {
        FakeContext ctx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.ROMEO, FakeContext.query(Namespaces.REGISTER));
        new RegisterGet().handle(ctx);
        assertEquals("service-unavailable", ctx.awaitErrorCondition());
    }
}
