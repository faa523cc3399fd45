package parlance.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}, STACK.md gotcha 22) driven by
 * Selenium, for the browser tests. Register it in a test class with
 * {@code @RegisterExtension static final Browser browser = new Browser();}: the browser starts on first use, quits
 * after the class, and a failed test leaves a screenshot and the page source in {@code target/browser/}.
 * Selenium never downloads anything: the driver and browser are the system's files ({@code -Dit.chromedriver},
 * {@code -Dit.chromium} override them) and Selenium Manager is told to stay offline.
 */
public final class Browser implements TestWatcher, AfterAllCallback {
    public static final Duration PAGE_LOAD = Duration.ofSeconds(20);
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger PROFILES = new AtomicInteger();

    private WebDriver driver;

    /** The browser, started now if it is not running yet. */
    public synchronized WebDriver driver() {
        if (driver == null) {
            driver = start();
        }
        return driver;
    }

    private static WebDriver start() {
        System.setProperty("SE_OFFLINE", "true"); // handed to Selenium Manager as its environment, if ever run
        File chromedriver = new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver"));
        File chromium = new File(System.getProperty("it.chromium", "/usr/bin/chromium"));
        if (!chromedriver.canExecute() || !chromium.canExecute()) {
            throw new IllegalStateException("browser tests need " + chromium + " and " + chromedriver
                    + " (apt-get install chromium chromium-driver; .ci/run does this)");
        }
        Path profile;
        try {
            profile = Distribution.freshDir("chromium-profile-" + PROFILES.incrementAndGet());
            Files.createDirectories(out());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // as root in a container: no sandbox; nothing may reach the closed network (java-maven machine notes)
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--no-default-browser-check", "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL); // network events: HTTP status codes the page cannot show
        options.setCapability("goog:loggingPrefs", logs);
        options.setPageLoadTimeout(PAGE_LOAD);
        options.setScriptTimeout(WAIT);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .withLogFile(out().resolve("chromedriver-" + ProcessHandle.current().pid() + ".log").toFile())
                .withTimeout(Duration.ofSeconds(30))
                .build();
        return new ChromeDriver(service, options);
    }

    /** Waits (bounded by {@link #WAIT}) until {@code condition} answers non-null and non-false. */
    public <T> T until(Function<WebDriver, T> condition) {
        // a page that is being replaced (after a click) answers with stale elements, or Chrome reports that the node
        // "does not belong to the document" any more: ask the new page again
        return new WebDriverWait(driver(), WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            try {
                return condition.apply(d);
            } catch (org.openqa.selenium.WebDriverException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("does not belong to the document") || m.contains("No node with given id")) {
                    return null;
                }
                throw e;
            }
        });
    }

    /** The HTTP status codes of the responses to requests for {@code url} since the last call (network log). */
    public List<Integer> statuses(String url) {
        List<Integer> codes = new ArrayList<>();
        for (LogEntry e : driver().manage().logs().get(LogType.PERFORMANCE)) {
            String msg = e.getMessage();
            if (!msg.contains("\"Network.responseReceived\"")) {
                continue;
            }
            Map<?, ?> json = new org.openqa.selenium.json.Json().toType(msg, Map.class);
            Map<?, ?> params = (Map<?, ?>) ((Map<?, ?>) json.get("message")).get("params");
            Map<?, ?> response = (Map<?, ?>) params.get("response");
            if (url.equals(response.get("url"))) {
                codes.add(((Number) response.get("status")).intValue());
            }
        }
        return codes;
    }

    /** Saves a screenshot as {@code target/browser/<name>.png} and returns its path. */
    public Path screenshot(String name) throws IOException {
        Path png = out().resolve(name + ".png");
        Files.write(png, ((TakesScreenshot) driver()).getScreenshotAs(OutputType.BYTES));
        return png;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        WebDriver d;
        synchronized (this) {
            d = driver;
        }
        if (d == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getDisplayName()
                .replaceAll("[^A-Za-z0-9_-]", "");
        try {
            Path png = screenshot("FAILED-" + name);
            Files.writeString(out().resolve("FAILED-" + name + ".html"), d.getPageSource());
            System.err.println("Browser at " + d.getCurrentUrl() + " when " + name + " failed; screenshot " + png);
            for (LogEntry e : d.manage().logs().get(LogType.BROWSER)) {
                System.err.println("  console: " + e);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("No screenshot of " + name + ": " + e);
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (driver != null) {
            try {
                driver.quit();
            } finally {
                driver = null;
            }
        }
    }

    private static Path out() {
        return Paths.get(System.getProperty("parlance.it.work", "target/it-work")).toAbsolutePath().getParent()
                .resolve("browser");
    }
}
