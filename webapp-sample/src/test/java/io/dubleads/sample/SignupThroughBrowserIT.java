package io.dubleads.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dubleads.sample.dev.SampleServer;
import io.dubleads.standin.DubStandIn;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample end to end, as a visitor sees it: headless Chromium (the Debian packages, nothing
 * downloaded) lands on {@code http://www.shop.test:<port>/?dub_id=<click>} — every host name
 * resolves to 127.0.0.1, so the cookie gets a real {@code Domain} — signs up through the form, and
 * the Dub stand-in must have received the lead with that click ID while the browser no longer holds
 * the {@code dub_id} cookie.
 */
class SignupThroughBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static SampleServer server;
    private static DubStandIn standIn;

    @TempDir
    Path browserProfile;
    private WebDriver browser;

    @BeforeAll
    static void startSample() throws Exception {
        Path webapp = Path.of(System.getProperty("sample.webapp", "target/webapp-sample"));
        server = SampleServer.start("127.0.0.1", 0, webapp, true);
        standIn = server.standIn().orElseThrow();
    }

    @AfterAll
    static void stopSample() {
        if (server != null) server.close();
    }

    @BeforeEach
    void startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + browserProfile, "--host-resolver-rules=MAP * 127.0.0.1");
        // An explicit driver executable: Selenium Manager is never consulted, nothing is downloaded.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void quitBrowser() {
        if (browser != null) browser.quit();
    }

    @Test
    void signupAfterAClickSendsTheLeadWithThatClickAndExpiresTheCookie() {
        String site = "http://www.shop.test:" + server.port();
        String clickId = standIn.newClick();

        browser.get(site + "/?dub_id=" + clickId);
        Cookie stored = browser.manage().getCookieNamed("dub_id");
        assertNotNull(stored, "the landing page stores the click");
        assertEquals(clickId, stored.getValue());
        assertEquals("shop.test", stored.getDomain().replaceFirst("^\\.", ""), "Domain: the host without www.");
        assertEquals("/", stored.getPath());
        assertEquals("Lax", stored.getSameSite());
        assertTrue(stored.getExpiry().toInstant().isAfter(Instant.now().plus(Duration.ofDays(89))), "kept for 90 days");

        browser.findElement(By.id("signup")).click();
        browser.findElement(By.id("name")).sendKeys("Wile E. Coyote");
        browser.findElement(By.id("email")).sendKeys("wile@acme.test");
        browser.findElement(By.id("password")).sendKeys("beep-beep-42");
        browser.findElement(By.id("submit")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("welcome")));

        List<DubStandIn.RecordedLead> leads = standIn.awaitLeads(1, WAIT);
        assertEquals(1, leads.size());
        DubStandIn.RecordedLead lead = leads.get(0);
        assertEquals(clickId, lead.clickId());
        assertTrue(lead.customerExternalId().startsWith("user_"), lead.customerExternalId());
        assertEquals("Wile E. Coyote", lead.customerName());
        assertEquals("wile@acme.test", lead.customerEmail());
        assertEquals("Sign Up", lead.eventName());

        assertNull(browser.manage().getCookieNamed("dub_id"), "the signup response expired the click cookie");
        assertTrue(browser.findElement(By.id("cookie")).getText().contains("sends no dub_id cookie"));

        browser.findElement(By.id("dub-status")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("received"), clickId));
        assertEquals("1", browser.findElement(By.id("counter-Accepted")).getText());
    }

    @Test
    void simulatedClickComesBackToTheLandingPageWithAClickTheStandInKnows() {
        String site = "http://www.shop.test:" + server.port();
        browser.get(site + "/");
        assertTrue(browser.findElement(By.id("click")).getText().startsWith("No Dub click"));

        browser.findElement(By.id("simulate-click")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("dub_id="));
        Cookie stored = browser.manage().getCookieNamed("dub_id");
        assertNotNull(stored);
        assertTrue(browser.getCurrentUrl().endsWith("/?dub_id=" + stored.getValue()), browser.getCurrentUrl());
        assertTrue(browser.findElement(By.id("click")).getText().contains(stored.getValue()));
    }
}
