package parlance.adhoc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.auth.AccountManager;
import parlance.api.handler.IqHandler;
import parlance.api.server.ServerInfo;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.router.internal.RouterFixture;
import parlance.testkit.FakeSession;
import parlance.testkit.TestPreparer;
import parlance.testkit.TestStanzas;

/** XEP-0050 and XEP-0133 through the real router, with an in-memory account manager. */
class AdHocTest implements AccountManager {
    private final Map<String, String> accounts = new TreeMap<>();
    private RouterFixture fixture;
    private FakeSession admin;
    private FakeSession juliet;
    private final List<Stanza> otherDisco = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        ServerInfo server = TestStanzas.server(bareJid -> "admin".equals(bareJid.local()));
        fixture = new RouterFixture(server);
        AdminCommands commands = new AdminCommands(this, fixture.sessions, server, new TestPreparer(), fixture.router);
        fixture.addIqHandler(new CommandIq(commands), IqHandler.TYPE, "set", IqHandler.NAMESPACE, Ns.COMMANDS,
                IqHandler.ELEMENT, "command", IqHandler.TARGET, "server");
        CommandItems items = new CommandItems(commands, server);
        items.next = ctx -> otherDisco.add(ctx.stanza()); // the disco bundle's handler
        fixture.addIqHandler(items, IqHandler.TYPE, "get", IqHandler.NAMESPACE, Namespaces.DISCO_ITEMS,
                IqHandler.ELEMENT, "query", IqHandler.TARGET, "server");
        accounts.put("admin", "pw");
        accounts.put("juliet", "pw");
        admin = fixture.login("admin@example.org/console", 0);
        juliet = fixture.login("juliet@example.org/balcony", 0);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Sends a command request and returns the reply. */
    private Stanza command(FakeSession from, String name, String sessionId, String action, String... fieldValues) {
        Stanza iq = TestStanzas.iq(from.jid.toString(), "example.org", "set", Ns.COMMANDS, "command");
        Element c = iq.element().element("command");
        c.addAttribute("node", Ns.ADMIN + '#' + name);
        if (sessionId != null) {
            c.addAttribute("sessionid", sessionId);
        }
        if (action != null) {
            c.addAttribute("action", action);
        }
        if (fieldValues.length > 0) {
            Element x = c.addElement(QName.get("x", Ns.DATA)).addAttribute("type", "submit");
            for (int i = 0; i < fieldValues.length; i += 2) {
                Element f = x.addElement(QName.get("field", Ns.DATA)).addAttribute("var", fieldValues[i]);
                f.addElement(QName.get("value", Ns.DATA)).setText(fieldValues[i + 1]);
            }
        }
        return fixture.request(from, iq);
    }

    private static List<String> fieldValues(Element command, String var) {
        for (Element f : command.element("x").elements("field")) {
            if (var.equals(f.attributeValue("var"))) {
                return f.elements("value").stream().map(Element::getText).toList();
            }
        }
        return null;
    }

    @Test
    void anAdminAddsAUserInTwoStepsAndChangesAndDeletesIt() {
        Stanza form = command(admin, "add-user", null, "execute");
        Element c = form.payload();
        assertEquals("executing", c.attributeValue("status"));
        assertNotNull(c.element("actions").element("complete"));
        assertEquals(List.of(Ns.ADMIN), fieldValues(c, "FORM_TYPE"));
        assertNotNull(fieldValues(c, "accountjid"));
        String sid = c.attributeValue("sessionid");

        Stanza done = command(admin, "add-user", sid, "complete", "accountjid", "romeo@example.org", "password", "s",
                "password-verify", "s");
        assertEquals("completed", done.payload().attributeValue("status"));
        assertEquals("s", accounts.get("romeo"));
        // the session is over: using it again is a bad-sessionid
        Stanza again = command(admin, "add-user", sid, "complete", "accountjid", "x@example.org", "password", "s");
        assertEquals("bad-request", TestStanzas.condition(again));
        assertNotNull(again.element().element("error").element(QName.get("bad-sessionid", Ns.COMMANDS)));

        String sid2 = command(admin, "add-user", null, null).payload().attributeValue("sessionid");
        assertEquals("conflict", TestStanzas.condition(command(admin, "add-user", sid2, "complete", "accountjid",
                "romeo@example.org", "password", "t", "password-verify", "t")));

        String sid3 = command(admin, "change-user-password", null, null).payload().attributeValue("sessionid");
        command(admin, "change-user-password", sid3, "next", "accountjid", "romeo@example.org", "password", "new");
        assertEquals("new", accounts.get("romeo"));

        String sid4 = command(admin, "delete-user", null, null).payload().attributeValue("sessionid");
        Stanza deleted = command(admin, "delete-user", sid4, null, "accountjids", "romeo@example.org");
        assertEquals("completed", deleted.payload().attributeValue("status"));
        assertTrue(!accounts.containsKey("romeo"));
    }

    @Test
    void onlineUsersAndAnnouncement() {
        Stanza num = command(admin, "get-online-users-num", null, "execute");
        assertEquals("completed", num.payload().attributeValue("status"));
        assertEquals(List.of("2"), fieldValues(num.payload(), "onlineusersnum"));
        Stanza list = command(admin, "get-online-users-list", null, "execute");
        assertEquals(List.of("admin@example.org", "juliet@example.org"), fieldValues(list.payload(),
                "onlineuserjids"));

        String sid = command(admin, "announce", null, null).payload().attributeValue("sessionid");
        command(admin, "announce", sid, "complete", "subject", "Maintenance", "announcement", "Back at noon");
        Stanza m = juliet.last();
        assertEquals("headline", m.type());
        assertEquals("example.org", m.element().attributeValue("from"));
        assertEquals("Back at noon", m.element().elementText("body"));
        assertEquals("Maintenance", m.element().elementText("subject"));
    }

    @Test
    void nonAdminsAreForbiddenAndSeeNoCommandsCancelEndsASession() {
        assertEquals("forbidden", TestStanzas.condition(command(juliet, "add-user", null, "execute")));
        assertEquals("forbidden", TestStanzas.condition(command(juliet, "get-online-users-num", null, null)));
        assertEquals("item-not-found", TestStanzas.condition(command(admin, "no-such-command", null, null)));

        Stanza items = disco(juliet, Ns.COMMANDS);
        assertTrue(items.payload().elements().isEmpty());
        Stanza adminItems = disco(admin, Ns.COMMANDS);
        assertEquals(6, adminItems.payload().elements().size());
        assertEquals(Ns.ADMIN + "#add-user", adminItems.payload().elements().get(0).attributeValue("node"));
        Stanza plain = TestStanzas.iq(admin.jid.toString(), "example.org", "get", Namespaces.DISCO_ITEMS, "query");
        fixture.send(admin, plain);
        assertEquals(List.of(plain), otherDisco); // the server's own items: handed to the disco bundle

        String sid = command(admin, "add-user", null, null).payload().attributeValue("sessionid");
        assertEquals("canceled", command(admin, "add-user", sid, "cancel").payload().attributeValue("status"));
        assertEquals("bad-request", TestStanzas.condition(command(admin, "add-user", sid, "complete", "accountjid",
                "x@example.org", "password", "p")));
        String sid2 = command(admin, "add-user", null, null).payload().attributeValue("sessionid");
        assertEquals("forbidden", TestStanzas.condition(command(juliet, "add-user", sid2, "complete")));
        assertEquals("executing", command(admin, "add-user", null, null).payload().attributeValue("status"));
    }

    private Stanza disco(FakeSession from, String node) {
        Stanza iq = TestStanzas.iq(from.jid.toString(), "example.org", "get", Namespaces.DISCO_ITEMS, "query");
        iq.element().element("query").addAttribute("node", node);
        return fixture.request(from, iq);
    }

    @Override
    public CompletionStage<Boolean> create(String username, String password) {
        return CompletableFuture.completedFuture(accounts.putIfAbsent(username, password) == null);
    }

    @Override
    public CompletionStage<Boolean> changePassword(String username, String password) {
        return CompletableFuture.completedFuture(accounts.replace(username, password) != null);
    }

    @Override
    public CompletionStage<Boolean> delete(String username) {
        return CompletableFuture.completedFuture(accounts.remove(username) != null);
    }

    @Override
    public CompletionStage<Boolean> exists(String username) {
        return CompletableFuture.completedFuture(accounts.containsKey(username));
    }

    @Override
    public CompletionStage<List<String>> list(String query, int offset, int limit) {
        return CompletableFuture.completedFuture(new ArrayList<>(accounts.keySet()));
    }
}
