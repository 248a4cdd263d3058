package io.gator.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.api.auth.ApiKeys;
import io.gator.api.backend.ActionUpdate;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.InvestigatorUpdate;
import io.gator.api.testing.ApiHarness;
import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.action.Operation;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.core.sign.PgpSigner;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The actions pages in a real browser (headless Chromium and chromedriver from Debian, driven by Selenium), against
 * the API with the in-memory backend and simulated agents: the test posts a file search signed with its own key
 * (the API verifies the PGP signature), then plays the agents' answers into the action's server-sent events
 * stream and watches them arrive on the page; exports CSV and compares it with the CLI's rendering of the API's
 * results; groups by a value; reads the journal; cancels a running action; pages a 10,000-agent action.
 * {@code -Dgator.web.screenshots=true} writes docs/web/actions.png and docs/web/action.png (else target/).
 */
@Tag("browser")
class ActionsBrowserTest {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    /** MIG's file module answer for one found file (as the mig-wire fixtures show it), compact as Jackson writes it. */
    private static final String FOUND = "[{\"file\":\"/etc/passwd\",\"fileinfo\":{\"lastmodified\":\"2026-11-23 06:21:15 +0000 UTC\","
            + "\"mode\":\"-rw-r--r--\",\"size\":1577},\"search\":{\"names\":[\"^passwd$\"],\"paths\":[\"/etc\"]}}]";

    private final Map<Long, Feed> feeds = new ConcurrentHashMap<>();
    private ApiHarness api;
    private WebDriver browser;
    private WebDriverWait wait;
    private Path profile;
    private Path downloads;
    private String key;
    private OffsetDateTime t;

    /** The updates of one followed action: every connection replays them from the first, then waits for more. */
    private static final class Feed {
        private final List<ActionUpdate> updates = new ArrayList<>();
        private final List<CompletableFuture<Void>> waiting = new ArrayList<>();

        synchronized void push(ActionUpdate u) {
            updates.add(u);
            waiting.forEach(f -> f.complete(null));
            waiting.clear();
        }

        synchronized CompletionStage<Optional<Pair<Integer, ActionUpdate>>> next(int i) {
            if (i > 0 && updates.get(i - 1).last()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            if (i < updates.size()) {
                return CompletableFuture.completedFuture(Optional.of(Pair.create(i + 1, updates.get(i))));
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiting.add(f);
            return f.thenCompose(x -> next(i));
        }

        Source<ActionUpdate, NotUsed> source() {
            return Source.unfoldAsync(0, this::next);
        }
    }

    /** The in-memory backend, plus live following of the actions this test plays answers into. */
    private ApiBackend following(ApiBackend backend) {
        return (ApiBackend) Proxy.newProxyInstance(ApiBackend.class.getClassLoader(), new Class<?>[] {ApiBackend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("follow")) {
                        Feed f = feeds.computeIfAbsent((Long) args[0], id -> new Feed());
                        return CompletableFuture.completedFuture(f.source());
                    }
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @BeforeEach
    void start() throws IOException {
        BrowserDriver.assumePresent();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        t = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        api = new ApiHarness(now, "", this::following, true);
        ApiKeys.Generated g = ApiKeys.generate();
        api.backend.updateInvestigator(new InvestigatorUpdate(2, Optional.empty(), Optional.empty(),
                Optional.of(new InvestigatorUpdate.ApiKeyChange.Set(g.hash(), g.salt())))).toCompletableFuture().join();
        key = g.key();
        for (int i = 1; i <= 3; i++) {
            api.backend.put(agent(i, i == 3 ? HOSTILE : "web" + i));
        }

        profile = Files.createTempDirectory("gator-chromium-");
        downloads = Files.createTempDirectory("gator-downloads-");
        browser = BrowserDriver.start(profile, 900, Optional.of(downloads));
        wait = BrowserDriver.waiting(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws IOException {
        BrowserDriver.stop(browser, api, profile, downloads);
    }

    private Agent agent(long i, String name) {
        return Agent.of(name, "linux." + i).withId(100 + i).withMode("daemon").withProcess("20261201", (int) i)
                .withTimes(t.minusHours(1), t, MigTime.ZERO).withStatus("online");
    }

    /** A file search signed with the test investigator's own key, posted through the API; answers the stored action. */
    private Action launch(String name) throws Exception {
        JsonNode params = MigJson.tree("{\"searches\":{\"s1\":{\"paths\":[\"/etc\"],\"names\":[\"^passwd$\"]}}}");
        Action a = Action.of(0, name, "status='online'", t.minusSeconds(5), t.plusHours(1),
                List.of(new Operation("file", params)));
        Action signed = PgpSigner.of(api.tester).signAction(a);
        ApiHarness.Answer r = api.send(api.request("/api/v1/action/create/")
                .header("X-PGPAUTHORIZATION", api.pgpToken())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("action="
                        + URLEncoder.encode(MigJson.write(signed), StandardCharsets.UTF_8))).build());
        assertEquals(202, r.status(), r.body());
        long id = r.json().path("collection").path("items").get(0).path("data").get(0).path("value").path("id").asLong();
        return api.backend.action(id).toCompletableFuture().join().orElseThrow();
    }

    /** What a simulated agent answers: web1 and web2 find /etc/passwd, the third finds nothing. */
    private Command answer(Action a, long agent, String agentName) {
        boolean hit = agent < 3;
        Result r = new Result(hit, true, MigJson.tree(hit ? "{\"s1\":" + FOUND + "}" : "{}"), null, List.of());
        Command c = new Command(a.id() * 10 + agent, a, agent(agent, agentName), "success", List.of(r), t, t);
        api.backend.put(c);
        return c;
    }

    private void signIn(String path) {
        browser.get(api.url(path));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys(key);
        browser.findElement(By.id("signin-submit")).click();
    }

    @Test
    void resultsArriveLiveExportAsTheCliGroupReadTheJournal() throws Exception {
        Action a = launch("find passwd " + HOSTILE);
        Feed feed = feeds.computeIfAbsent(a.id(), id -> new Feed());
        signIn("/actions");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#actions-table a.action-link")));
        assertTrue(text("#actions-table").contains("find passwd " + HOSTILE), "the name shows as text");
        assertEquals(0, browser.findElements(By.cssSelector("#actions-table img")).size(), "no element injected");
        screenshot("actions.png");
        filterByName("no such action");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-actions")));
        assertTrue(browser.getCurrentUrl().endsWith("/actions?name=no+such+action"), browser.getCurrentUrl());
        filterByName("passwd");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#actions-table a.action-link")));

        long opened = System.nanoTime();
        browser.findElement(By.cssSelector("#actions-table a.action-link")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "(live)"));
        long pageMillis = Duration.ofNanos(System.nanoTime() - opened).toMillis();
        assertEquals("pending", text("#action-status"));
        assertTrue(text("#action-investigators").startsWith("tester ("), text("#action-investigators"));

        // the agents answer one by one; each answer shows up while the action is in flight
        List<Command> answered = new ArrayList<>();
        long[] arrival = new long[3];
        for (int i = 1; i <= 3; i++) {
            Command c = answer(a, i, i == 3 ? HOSTILE : "web" + i);
            answered.add(c);
            long pushed = System.nanoTime();
            feed.push(new ActionUpdate("inflight", new Counters(3, i, 3 - i, i, 0, 0, 0, 0), List.of(c), false));
            String expect = i + " agents answered";
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-summary"), expect));
            arrival[i - 1] = Duration.ofNanos(System.nanoTime() - pushed).toMillis();
            assertEquals("inflight", text("#action-status"));
        }
        assertTrue(text("#action-counters").contains("done 3"), text("#action-counters"));
        assertTrue(text("#results-table").contains(HOSTILE), "the hostile agent name shows as text");
        assertEquals(0, browser.findElements(By.cssSelector("#results-table img")).size());
        feed.push(new ActionUpdate("completed", new Counters(3, 3, 0, 3, 0, 0, 0, 0), List.of(), true));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-status"), "completed"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "(finished)"));
        assertEquals(0, browser.findElements(By.id("cancel")).size(), "a finished action cannot be cancelled");
        screenshot("action.png");

        // export: every result read again from the API, flattened as `mig action results -render csv`
        browser.findElement(By.id("export-csv")).click();
        String csv = downloaded("action-" + a.id() + "-results.csv");
        String found = "\"" + FOUND.replace("\"", "\"\"") + "\"";
        String cli = "agent,agentid,commandid,status,module,found,element,value\n"
                + "web1,101," + answered.get(0).id() + ",success,file,true,s1," + found + "\n"
                + "web2,102," + answered.get(1).id() + ",success,file,true,s1," + found + "\n"
                + HOSTILE + ",103," + answered.get(2).id() + ",success,file,false,,\n";
        assertEquals(cli, csv);
        JsonNode results = api.send(api.request("/api/v1/action/results?actionid=" + a.id())
                .header("X-PGPAUTHORIZATION", api.pgpToken()).GET().build()).json();
        List<String> commandIds = new ArrayList<>();
        results.path("collection").path("items").forEach(item -> item.path("data").forEach(d -> {
            if (d.path("name").asText().equals("command")) {
                commandIds.add(d.path("value").path("id").asText());
            }
        }));
        assertEquals(answered.stream().map(c -> String.valueOf(c.id())).toList(), commandIds,
                "one CSV row per command the API holds");

        browser.findElement(By.id("export-json")).click();
        String[] lines = downloaded("action-" + a.id() + "-results.jsonl").split("\n");
        assertEquals(3, lines.length);
        assertEquals("web1", MigJson.tree(lines[0]).path("agent").asText());
        assertEquals(MigJson.tree(FOUND), MigJson.tree(lines[0]).path("value"));

        // found / not found, and counts per value
        new Select(browser.findElement(By.id("show-filter"))).selectByValue("notfound");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-summary"), "1 rows shown"));
        new Select(browser.findElement(By.id("show-filter"))).selectByValue("all");
        new Select(browser.findElement(By.id("group-field"))).selectByValue("found");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("groups-table")));
        List<String> groups = browser.findElements(By.cssSelector("#groups-table tbody tr")).stream()
                .map(WebDriverElementText::of).toList();
        assertEquals(List.of("true 2 2", "false 1 1"), groups);

        browser.findElement(By.id("show-journal")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("journal")));
        assertTrue(text("#journal").contains("ActionCreated"), text("#journal"));
        assertTrue(text("#journal").contains("postedby=tester"), text("#journal"));

        assertTrue(browser.findElement(By.id("relaunch")).getAttribute("href").endsWith("/launch?from=" + a.id()));
        System.out.printf("web console: action page opened (live) in %d ms; live results rendered %s ms after"
                + " they were persisted%n", pageMillis, java.util.Arrays.toString(arrival));
    }

    @Test
    void aRunningActionIsCancelledAfterConfirmation() throws Exception {
        Action a = launch("long running search");
        feeds.computeIfAbsent(a.id(), id -> new Feed())
                .push(new ActionUpdate("inflight", new Counters(3, 0, 3, 0, 0, 0, 0, 0), List.of(), false));
        signIn("/actions/" + a.id());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-status"), "inflight"));
        browser.findElement(By.id("cancel")).click();
        browser.findElement(By.id("cancel-keep")).click();
        assertEquals("pending", api.backend.action(a.id()).toCompletableFuture().join().orElseThrow().status(),
                "nothing is cancelled before it is confirmed");
        browser.findElement(By.id("cancel")).click();
        browser.findElement(By.id("cancel-confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "cancelled"));
        assertEquals("cancelled", api.backend.action(a.id()).toCompletableFuture().join().orElseThrow().status());
        assertEquals("cancelled", text("#action-status"));
        browser.findElement(By.id("show-journal")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("journal"), "ActionCancelled"));
        assertTrue(text("#journal").contains("by=alice"), text("#journal"));
    }

    @Test
    void aTenThousandAgentActionPagesItsRows() throws Exception {
        int agents = 10_000;
        JsonNode params = MigJson.tree("{\"pkgmatch\":{\"matches\":[\"^openssl$\"]},\"vermatch\":\"\"}");
        Action a = Action.of(900, "pkg openssl", "status='online'", t.minusMinutes(10), t.plusMinutes(50),
                List.of(new Operation("pkg", params))).withStatus("completed")
                .withTimes(t.minusMinutes(10), t.minusMinutes(5), t.minusMinutes(5));
        api.backend.put(a);
        for (int i = 0; i < agents; i++) {
            String version = i % 10 == 0 ? "1.1.1w-0+deb11u1" : "3.0.19-1~deb12u2";
            JsonNode e = MigJson.tree("{\"packages\":[{\"arch\":\"amd64\",\"name\":\"openssl\",\"type\":\"dpkg\","
                    + "\"version\":\"" + version + "\"}]}");
            api.backend.put(new Command(100_000 + i, a, Agent.of("host" + i, "linux.h" + i).withId(20_000 + i),
                    "success", List.of(new Result(true, true, e, null, List.of())), t, t));
        }
        signIn("/dashboard");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who")));
        long opened = System.nanoTime();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "history.pushState({}, '', '/actions/900'); dispatchEvent(new PopStateEvent('popstate'));");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table")));
        long firstMillis = Duration.ofNanos(System.nanoTime() - opened).toMillis();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rows-page"), "of 10000 (page 1/100)"));
        long loadMillis = Duration.ofNanos(System.nanoTime() - opened).toMillis();
        assertEquals(100, browser.findElements(By.cssSelector("#results-table tbody tr")).size(),
                "one page of rows in the document, not 10,000");

        long[] flips = new long[5];
        for (int i = 0; i < flips.length; i++) {
            long clicked = System.nanoTime();
            browser.findElement(By.id("rows-next")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rows-page"), "page " + (i + 2) + "/100"));
            flips[i] = Duration.ofNanos(System.nanoTime() - clicked).toMillis();
        }
        // the same flip timed inside the page: the click handler renders synchronously, then the next frame paints
        Object inPage = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; const t = performance.now();"
                + " document.getElementById('rows-next').click(); const rendered = performance.now() - t;"
                + " requestAnimationFrame(() => setTimeout(() => done([Math.round(rendered), Math.round(performance.now() - t)]), 0));");
        assertTrue(text("#rows-page").contains("page 7/100"), text("#rows-page"));
        long grouped = System.nanoTime();
        new Select(browser.findElement(By.id("group-field"))).selectByValue("value");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("groups-table")));
        long groupMillis = Duration.ofNanos(System.nanoTime() - grouped).toMillis();
        List<String> groups = browser.findElements(By.cssSelector("#groups-table tbody tr")).stream()
                .map(WebDriverElementText::of).toList();
        assertEquals(2, groups.size());
        assertTrue(groups.get(0).contains("3.0.19-1~deb12u2") && groups.get(0).endsWith(" 9000 9000"), groups.get(0));
        assertTrue(groups.get(1).endsWith(" 1000 1000"), groups.get(1));
        System.out.printf("web console: 10,000-agent action page: first rows rendered in %d ms, all 10 result pages"
                + " read in %d ms; next page of 100 rows in %s ms (through Selenium), %s ms rendered / painted (in"
                + " the page); grouped 10,000 rows by value in %d ms%n", firstMillis, loadMillis,
                java.util.Arrays.toString(flips), inPage, groupMillis);

        // a finished action's page, reloaded: time to its first results rendered
        Action small = launch("small finished search");
        for (int i = 1; i <= 3; i++) {
            answer(small, i, "web" + i);
        }
        api.backend.put(api.backend.action(small.id()).toCompletableFuture().join().orElseThrow()
                .withStatus("completed"));
        long[] loads = new long[3];
        for (int i = 0; i < loads.length; i++) {
            long start = System.nanoTime();
            browser.navigate().to(api.url("/actions/" + small.id()));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table")));
            loads[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
        System.out.printf("web console: finished action page load to first results rendered: %s ms%n",
                java.util.Arrays.toString(loads));
    }

    private void filterByName(String name) {
        browser.findElement(By.id("filter-name")).clear();
        browser.findElement(By.id("filter-name")).sendKeys(name);
        browser.findElement(By.id("filter-apply")).click();
    }

    /** A downloaded file's text, once Chromium has finished writing it. */
    private String downloaded(String name) throws IOException {
        Path file = downloads.resolve(name);
        wait.until(d -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")));
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path dir = Boolean.getBoolean("gator.web.screenshots") ? Path.of("..", "docs", "web") : Path.of("target");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), png);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /** A table row's cells joined by single spaces. */
    private static final class WebDriverElementText {
        static String of(org.openqa.selenium.WebElement row) {
            return String.join(" ", row.findElements(By.tagName("td")).stream()
                    .map(org.openqa.selenium.WebElement::getText).toList());
        }
    }
}
