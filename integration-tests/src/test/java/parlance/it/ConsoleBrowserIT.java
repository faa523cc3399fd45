package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.SimpleIQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The admin console in a real headless Chromium, used the way an administrator uses it: sign in, create an account
 * (which then logs in over XMPP), upload a plugin and see it and its service, update it, roll it back, stop and
 * uninstall it; a form that lost its CSRF token is refused with 403. The sample plugin answers an XMPP IQ with its
 * bundle version, so each step is also checked from an XMPP client.
 */
@ExtendWith(SharedServer.class)
class ConsoleBrowserIT {
    @RegisterExtension
    static final Browser browser = new Browser();

    private static final String SAMPLE_ROW = "//tbody/tr[th[contains(., 'parlance.sample')]]";
    private static String base;

    @BeforeAll
    static void base() {
        base = "http://127.0.0.1:" + SharedServer.get().port("http.port") + "/admin";
    }

    /** Signs in through the login form as {@code admin}; the browser ends on the dashboard. */
    private static WebDriver signIn() {
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        d.get(base + "/login");
        d.findElement(By.id("username")).sendKeys("admin");
        d.findElement(By.id("password")).sendKeys(SharedServer.ADMIN_PASSWORD);
        d.findElement(By.cssSelector("form[action='/admin/login'] button[type=submit]")).click();
        browser.until(x -> x.findElement(By.tagName("h1")).getText().equals("Dashboard"));
        assertEquals(base + "/", d.getCurrentUrl());
        return d;
    }

    /**
     * Waits for the page after a form post to show {@code expected} as its message: right after the click the old
     * page, with the previous message, may still be there.
     */
    private static void awaitFlash(String expected) {
        try {
            browser.until(x -> expected.equals(flash(x)));
        } catch (org.openqa.selenium.TimeoutException e) {
            assertEquals(expected, flash(browser.driver()), "message after the form post");
        }
    }

    private static String flash(WebDriver d) {
        return d.findElement(By.cssSelector("p.flash")).getText();
    }

    @Test
    void theDashboardShowsTheServerAndAWrongPasswordIsRefused() throws Exception {
        WebDriver d = browser.driver();
        d.manage().deleteAllCookies();
        d.get(base + "/");
        assertEquals(base + "/login", d.getCurrentUrl(), "no session: the login page");
        d.findElement(By.id("username")).sendKeys("admin");
        d.findElement(By.id("password")).sendKeys("not-" + SharedServer.ADMIN_PASSWORD);
        d.findElement(By.cssSelector("form[action='/admin/login'] button[type=submit]")).click();
        assertEquals("Wrong username or password, or the account is not an administrator.",
                browser.until(x -> x.findElement(By.id("login-error"))).getText());
        assertEquals(base + "/login", d.getCurrentUrl());

        signIn();
        assertEquals("Parlance localhost", d.findElement(By.cssSelector(".brand")).getText());
        assertEquals("admin", d.findElement(By.cssSelector("form.logout span")).getText());
        String listeners = d.findElement(By.cssSelector("section[aria-labelledby=listeners-h] tbody")).getText();
        assertTrue(listeners.contains("c2s ") && listeners.contains("http "), listeners);
        assertTrue(listeners.contains(String.valueOf(SharedServer.get().port("c2s.port"))), listeners);
        // the stylesheet was applied (CSP allows 'self' styles): the header is a flex row, the brand bold
        assertEquals("flex", d.findElement(By.cssSelector("header.top")).getCssValue("display"));
        assertEquals("700", d.findElement(By.cssSelector(".brand")).getCssValue("font-weight"));
        browser.screenshot("console-dashboard");

        d.findElement(By.cssSelector("form.logout button")).click();
        browser.until(x -> x.getCurrentUrl().equals(base + "/login"));
        d.get(base + "/users");
        assertEquals(base + "/login", d.getCurrentUrl(), "signed out: pages lead to the login again");
    }

    @Test
    void anAccountCreatedOnTheUsersPageLogsInOverXmpp() throws Exception {
        WebDriver d = signIn();
        d.findElement(By.linkText("Users")).click();
        browser.until(x -> x.findElement(By.tagName("h1")).getText().equals("Users"));
        String name = "browser" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String password = "pw-" + UUID.randomUUID();
        d.findElement(By.id("new-username")).sendKeys(name);
        d.findElement(By.id("new-password")).sendKeys(password);
        d.findElement(By.cssSelector("form[action='/admin/users/create'] button")).click();
        awaitFlash("Created " + name + ".");

        d.findElement(By.id("q")).sendKeys(name);
        d.findElement(By.cssSelector("form[role=search] button")).click();
        browser.until(x -> x.getCurrentUrl().contains("q=" + name));
        List<WebElement> rows = d.findElements(By.cssSelector("tbody th[scope=row]"));
        assertEquals(List.of(name), rows.stream().map(WebElement::getText).toList(), "the search finds it");

        try (Clients clients = new Clients()) {
            XMPPTCPConnection c = clients.login(new Clients.Account(name, password));
            assertTrue(c.isAuthenticated());
            d.findElement(By.linkText("Sessions")).click();
            String jid = c.getUser().toString();
            browser.until(x -> {
                if (x.findElement(By.tagName("main")).getText().contains(jid)) {
                    return true;
                }
                x.navigate().refresh();
                return false;
            });
        }
    }

    @Test
    void aPluginIsUploadedUpdatedRolledBackStoppedAndUninstalled() throws Exception {
        Path v1 = Distribution.sampleJar().toRealPath(); // the driver wants canonical upload paths
        String version1 = Distribution.manifestValue(v1, "Bundle-Version");
        Path v2 = Distribution.freshDir("console-browser-jars").toRealPath().resolve("sample-9.9.9.jar");
        Distribution.rewriteManifest(v1, v2, "Bundle-Version", "9.9.9");

        WebDriver d = signIn();
        d.findElement(By.linkText("Plugins")).click();
        browser.until(x -> x.findElement(By.tagName("h1")).getText().equals("Plugins"));
        d.findElement(By.id("file")).sendKeys(v1.toString());
        d.findElement(By.cssSelector("form[action='/admin/plugins/install'] button")).click();
        awaitFlash("Installed parlance.sample " + version1 + ": ACTIVE.");
        WebElement row = sampleRow(d);
        String rowId = row.getAttribute("id");
        assertEquals("ACTIVE", state(row));
        assertEquals(version1, version(row));
        assertTrue(row.findElements(By.cssSelector("button[value=rollback]")).isEmpty(), "nothing to roll back to");
        WebElement services = row.findElement(By.cssSelector("details.services"));
        services.findElement(By.tagName("summary")).click();
        assertEquals("parlance.api.handler.IqHandler", services.findElement(By.tagName("li")).getText());
        browser.screenshot("console-plugins");

        try (Clients clients = new Clients()) {
            XMPPTCPConnection xmpp = clients.newUser();
            assertEquals(version1, helloVersion(xmpp), "the plugin answers over XMPP");

            row.findElement(By.cssSelector("form[action='/admin/plugins/update'] input[type=file]"))
                    .sendKeys(v2.toString());
            row.findElement(By.cssSelector("form[action='/admin/plugins/update'] button")).click();
            awaitFlash("Updated parlance.sample to 9.9.9.");
            row = sampleRow(d);
            assertEquals(rowId, row.getAttribute("id"), "updated in place: same bundle id");
            assertEquals("9.9.9", version(row));
            assertEquals("ACTIVE", state(row));
            assertEquals("9.9.9", helloVersion(xmpp));

            row.findElement(By.cssSelector("button[value=rollback]")).click();
            awaitFlash("Rolled parlance.sample back to " + version1 + ".");
            row = sampleRow(d);
            assertEquals(version1, version(row));
            assertEquals("ACTIVE", state(row));
            assertEquals(version1, helloVersion(xmpp));

            row.findElement(By.cssSelector("button[value=stop]")).click();
            awaitFlash("Stopped parlance.sample.");
            row = sampleRow(d);
            assertEquals("RESOLVED", state(row));
            assertTrue(row.findElements(By.cssSelector("details.services")).isEmpty(), "no services when stopped");
            try {
                helloVersion(xmpp);
                throw new AssertionError("a stopped plugin still answered");
            } catch (XMPPErrorException e) {
                assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition());
            }

            row.findElement(By.cssSelector("button[value=uninstall]")).click();
            awaitFlash("Uninstalled parlance.sample.");
            assertTrue(d.findElements(By.xpath(SAMPLE_ROW)).isEmpty(), "the row is gone");
        }
    }

    @Test
    void aFormThatLostItsCsrfTokenIsRefused() throws Exception {
        WebDriver d = signIn();
        d.get(base + "/users");
        String name = "csrf" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        d.findElement(By.id("new-username")).sendKeys(name);
        d.findElement(By.id("new-password")).sendKeys("pw");
        WebElement form = d.findElement(By.cssSelector("form[action='/admin/users/create']"));
        // what a forged cross-site form amounts to: the same fields without the session's token
        ((JavascriptExecutor) d).executeScript("arguments[0].querySelector('input[name=csrf]').remove();", form);
        browser.statuses(""); // forget earlier network events
        form.findElement(By.tagName("button")).click();
        browser.until(x -> x.getPageSource().contains("CSRF"));
        assertEquals(List.of(403), browser.statuses(base + "/users/create"));
        assertTrue(d.findElement(By.tagName("body")).getText().contains("missing or wrong CSRF token"));
        browser.screenshot("console-csrf-refused");

        d.get(base + "/users?q=" + name);
        assertTrue(d.findElement(By.tagName("main")).getText().contains("No accounts match."), "nothing was created");
        assertEquals("admin", d.findElement(By.cssSelector("form.logout span")).getText(), "still signed in");
    }

    /** {@code <iq type='get' to='localhost'><hello xmlns='urn:parlance:sample'/></iq>}; the version it names. */
    private static String helloVersion(XMPPTCPConnection c) throws Exception {
        IQ hello = new SimpleIQ("hello", "urn:parlance:sample") { };
        hello.setType(IQ.Type.get);
        hello.setTo(JidCreate.domainBareFrom(SharedServer.DOMAIN));
        IQ result = c.sendIqRequestAndWaitForResponse(hello);
        assertTrue(result instanceof UnparsedIQ, result.toXML().toString()); // Smack has no provider for it
        String xml = ((UnparsedIQ) result).getContent().toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("version=['\"]([^'\"]+)['\"]").matcher(xml);
        assertTrue(m.find(), xml);
        return m.group(1);
    }

    private static WebElement sampleRow(WebDriver d) {
        List<WebElement> rows = d.findElements(By.xpath(SAMPLE_ROW));
        assertEquals(1, rows.size(), "one row for parlance.sample");
        return rows.get(0);
    }

    private static String state(WebElement row) {
        return row.findElement(By.cssSelector("td.state")).getText();
    }

    private static String version(WebElement row) {
        return row.findElements(By.tagName("td")).get(1).getText();
    }
}
