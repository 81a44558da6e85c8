package io.clientsync.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.sandbox.FatoraSimulator;
import io.clientsync.sandbox.SampleFeed;
import io.clientsync.sandbox.Sandbox;
import io.clientsync.sandbox.SandboxFeed;
import io.clientsync.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (Debian's chromium through chromedriver, headless) against the packaged jar and the
 * sandbox's simulators: a {@code --once} run fills the store (client-004 names a Fatora id Fatora does not know, so
 * it is dead-lettered; client-003's name is markup), then {@code console} serves it. Screenshots go to
 * {@code target/console-screenshots/} for a human to look at.
 */
class ConsoleBrowserIT {
    static final Path JAR = Path.of("target/client-sync.jar").toAbsolutePath();
    static final Path SHOTS = Path.of("target/console-screenshots");
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    static final long UNKNOWN_FATORA_ID = 1999;

    static Sandbox sandbox;
    static SandboxFeed feed;
    static Path work;
    static Process console;
    static int port;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void runOnceThenServeTheConsole() throws Exception {
        assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium (apt-get install chromium chromium-driver;"
                + " .ci/run installs it)").exists();
        assertThat(JAR).exists();
        work = io.clientsync.testing.JarWorkDir.create("console-it-");
        sandbox = Sandbox.start(false, 10, false);
        List<String> changes = new ArrayList<>();
        for (String json : SampleFeed.changes(10, null, false)) {
            ObjectNode c = (ObjectNode) Json.MAPPER.readTree(json);
            if (c.get("id").asText().equals("client-003")) {
                c.put("name", HOSTILE);
            } else if (c.get("id").asText().equals("client-004")) {
                ((ObjectNode) c.get("vendor_ids")).put("fatora", UNKNOWN_FATORA_ID);
            }
            changes.add(Json.write(c));
        }
        feed = new SandboxFeed(changes);
        port = ConsoleApiTest.freePort();

        List<String> settings = new ArrayList<>();
        Map<String, String> all = new java.util.HashMap<>(sandbox.settings());
        all.put("source.url", feed.url());
        all.put("state.url", "jdbc:h2:file:" + work.resolve("store").toAbsolutePath());
        all.put("camel.management.port", Integer.toString(port));
        all.forEach((k, v) -> settings.addAll(List.of("-D", k + "=" + v)));

        List<String> once = new ArrayList<>(List.of("--once"));
        once.addAll(settings);
        Process run = jar(once, "once");
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(Files.readString(work.resolve("once.out"))).isEqualTo(3);

        List<String> serve = new ArrayList<>(List.of("console"));
        serve.addAll(settings);
        console = jar(serve, "console");
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base() + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(console.isAlive()).as("console still running").isTrue();
            assertThat(System.nanoTime()).as("console up within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class); // the pipelines table is redrawn every 5 s
        Files.createDirectories(SHOTS);
    }

    static Process jar(List<String> args, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve(name + ".out").toFile()).redirectError(work.resolve(name + ".err").toFile())
                .start();
    }

    static String base() {
        return "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.destroy();
            console.waitFor(30, TimeUnit.SECONDS);
        }
        if (feed != null) {
            feed.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static void shot(String name) throws IOException {
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    static String state(String pipeline) {
        return browser.findElement(By.cssSelector("tr[data-pipeline='" + pipeline + "'] .state")).getText();
    }

    @Test
    void anOperatorSeesPausesFindsReplaysAndNothingRunsFromTheData() throws Exception {
        browser.get(base() + "/console");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#pipelines tbody tr"), 6));
        for (String vendor : List.of("fatora", "paymo", "paymo-contacts", "timelog", "everlytic")) {
            wait.until(d -> state(vendor).equals("caught up"));
        }
        wait.until(d -> state("source").equals("idle"));
        shot("01-pipelines");

        // Pause Fatora, then resume it: the state follows, and the store holds it.
        browser.findElement(By.cssSelector("button[data-action='pause'][data-vendor='fatora']")).click();
        wait.until(d -> state("fatora").equals("paused"));
        assertThat(browser.findElement(By.id("message")).getText()).contains("fatora paused");
        shot("02-fatora-paused");
        browser.findElement(By.cssSelector("button[data-action='resume'][data-vendor='fatora']")).click();
        wait.until(d -> state("fatora").equals("caught up"));

        // The client with markup for a name: shown as text, nothing runs, no image is made.
        browser.findElement(By.id("client-id")).sendKeys("client-003");
        browser.findElement(By.id("client-find")).click();
        WebElement fatoraRow = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#client-vendors tr[data-vendor='fatora']")));
        assertThat(fatoraRow.findElement(By.cssSelector(".delivered-version")).getText()).isEqualTo("v1");
        assertThat(browser.findElement(By.id("client-view")).getText()).contains(HOSTILE);
        assertThat(browser.findElements(By.cssSelector("#client-view img"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#client-vendors tbody tr"))).hasSize(5);
        assertNoAlert();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.id("client-section")));
        shot("03-client-with-markup-name");

        // client-004's dead letter at Fatora: open it, create the client at Fatora, replay it by clicking.
        new Select(browser.findElement(By.id("dl-vendor"))).selectByValue("fatora");
        browser.findElement(By.id("dl-search")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[@id='dead-letters']//tr[td[@class='client' and text()='client-004']]")));
        String id = row.getAttribute("data-id");
        assertThat(row.findElement(By.cssSelector(".dl-state")).getText()).isEqualTo("open");
        row.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dl-detail")));
        assertThat(browser.findElement(By.id("dl-detail-change")).getText()).contains("\"client-004\"");
        shot("04-dead-letter-open");

        FatoraSimulator fatora = sandbox.fatora();
        fatora.know(UNKNOWN_FATORA_ID);
        browser.findElement(By.id("dl-detail-replay")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "replayed 1"));
        assertThat(fatora.clients()).containsKey(UNKNOWN_FATORA_ID);

        new Select(browser.findElement(By.id("dl-state"))).selectByValue("replayed");
        browser.findElement(By.id("dl-search")).click();
        WebElement replayed = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#dead-letters tr[data-id='" + id + "'] .dl-state")));
        assertThat(replayed.getText()).isEqualTo("replayed");
        shot("05-dead-letter-replayed");
        assertNoAlert();
    }

    static void assertNoAlert() {
        try {
            String text = browser.switchTo().alert().getText();
            throw new AssertionError("a script ran and opened an alert: " + text);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }
}
