package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The live map in a real browser (headless Chromium) against a real server process and simulated bikes
 * (agent processes with gps.source = simulated): markers appear and move, an offline bike turns grey,
 * clicking a bike draws its track, commands reach the bike and show as done, a bike back from a cut link
 * shows its backlog draining, and the page recovers by itself after a server restart. Set -DliveMap.screenshot=FILE to keep a screenshot of the page.
 */
class LiveMapTest {

    // Generous: the bound of a wait on a busy 2-core machine, not a figure the test checks.
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GREY = "rgba(138, 143, 152, 1)";

    @TempDir
    Path dir;

    @BeforeEach
    void browserInstalled() {
        Browser.assumeInstalled();
    }

    @Test
    void operatorsSeeTheFleetLiveAndCanActOnABike() throws Exception {
        int port = Setup.freePort();
        Path data = dir.resolve("data");
        List<AgentProcess> agents = new ArrayList<>();
        ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"), port);
        // map-bike-2 reaches the server through a proxy that can cut its link while it keeps its fixes.
        try (Browser browser = Browser.start(); TcpProxy proxy = TcpProxy.start(port)) {
            String token = server.apiToken();
            for (int i = 1; i <= 3; i++) {
                String bike = "map-bike-" + i;
                String url = i == 2 ? "ws://127.0.0.1:" + proxy.port() : server.wsUrl();
                // A fix a second for the proxied bike: its drained backlog shows until its next live fix.
                Path config = ServerProcess.provision(data, bike, url, dir.resolve(bike + ".conf"),
                        dir.resolve(bike + "/outbox.db"), i == 2 ? "1s" : "500ms");
                // Quick reconnects keep the restart part of the test short.
                Setup.withSettings(config, "reconnect.base = 200ms", "reconnect.cap = 1s");
                agents.add(AgentProcess.start(config, dir.resolve(bike + ".log")));
            }
            MapPage page = new MapPage(browser, server.httpBase());

            // Nothing works without a token: a wrong one is refused, the right one opens the map.
            page.logIn("api_not-a-token");
            Await.until("the wrong token refused", WAIT, () -> page.loginError().contains("refused"));
            page.logIn(token);
            Await.until("the feed to be live", WAIT, () -> "live".equals(page.connectionState()));

            // Markers appear, and move as fixes arrive.
            for (int i = 1; i <= 3; i++) {
                String bike = "map-bike-" + i;
                Await.until(bike + " on the map, online", WAIT, () -> "fresh".equals(page.markerState(bike)));
            }
            String before = page.markerPosition("map-bike-1");
            Await.until("map-bike-1's marker to move", WAIT, () -> !before.equals(page.markerPosition("map-bike-1")));
            Await.until("the fix rate counter", WAIT, () -> Double.parseDouble(page.text("count-rate")) > 0);
            assertEquals("1", page.text("count-listeners"), "this page is the server's one listener");

            // A bike that loses power turns grey, in the list and on the map.
            agents.get(2).kill();
            Await.until("map-bike-3 offline", WAIT, () -> "offline".equals(page.markerState("map-bike-3")));
            assertEquals(GREY, page.markerColour("map-bike-3"));
            assertEquals("offline", page.rowState("map-bike-3"));
            assertEquals("2", page.text("count-online"));
            assertEquals("1", page.text("count-offline"));

            // The list filters by state and text.
            page.filter("", "offline");
            assertEquals(List.of("map-bike-3"), page.listedBikes());
            page.filter("bike-1", "");
            assertEquals(List.of("map-bike-1"), page.listedBikes());
            page.filter("", "");

            // Clicking a bike draws its track from the history API.
            page.row("map-bike-1").click();
            Await.until("map-bike-1's track drawn", WAIT, () -> page.trackPoints() >= 2);

            // Commands go to the bike and come back done; one for the offline bike waits queued.
            page.sendCommand("ring", null);
            Await.until("ring done", WAIT, () -> "done".equals(page.commandState("ring")));
            page.sendCommand("set-report-interval", "2s");
            Await.until("set-report-interval done", WAIT, () -> "done".equals(page.commandState("set-report-interval")));
            page.sendCommand("maintenance-notice", "brakes checked tomorrow");
            Await.until("maintenance-notice done", WAIT, () -> "done".equals(page.commandState("maintenance-notice")));
            assertEquals(1, Setup.linesContaining(dir.resolve("map-bike-1.log"), "Ring requested by the server"));
            assertEquals(1, Setup.linesContaining(dir.resolve("map-bike-1.log"), "brakes checked tomorrow"));
            saveScreenshot(browser);
            page.row("map-bike-3").click();
            page.sendCommand("ring", null);
            Await.until("ring for the offline bike listed", WAIT, () -> page.commandState("ring") != null);
            assertEquals("queued", page.commandState("ring"));

            // A bike whose link was cut drains a backlog when it is back: blue, then green again.
            page.recordStates("map-bike-2");
            proxy.blackHole();
            Thread.sleep(3_000); // three report intervals: fixes pile up in the bike's outbox
            proxy.heal();
            Await.until("map-bike-2 draining", WAIT, () -> page.recordedStates().contains("draining"));
            Await.until("map-bike-2 drained", WAIT, () -> "fresh".equals(page.markerState("map-bike-2")));

            // The server restarts: the page says it is disconnected, then comes back by itself.
            page.recordStates("map-bike-1");
            server.stop();
            Await.until("the page to show the disconnection", WAIT,
                    () -> "disconnected".equals(page.connectionState()));
            assertTrue(page.text("connection").startsWith("disconnected"), page.text("connection"));
            server = ServerProcess.start(data, dir.resolve("server.log"), port);
            Await.until("the feed live again", WAIT, () -> "live".equals(page.connectionState()));
            Await.until("map-bike-1 back online", WAIT, () -> "fresh".equals(page.markerState("map-bike-1")));
            String afterRestart = page.markerPosition("map-bike-1");
            Await.until("map-bike-1 moving again", WAIT,
                    () -> !afterRestart.equals(page.markerPosition("map-bike-1")));
            assertTrue(page.recordedStates().contains("offline"), "greyed while the page was disconnected");
            assertEquals("offline", page.markerState("map-bike-3"));
        } finally {
            for (AgentProcess agent : agents) {
                agent.close();
            }
            server.close();
        }
    }

    private void saveScreenshot(Browser browser) throws Exception {
        Path shot = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
        String keep = System.getProperty("liveMap.screenshot");
        if (keep != null && !keep.isBlank()) {
            Files.copy(shot, Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(Files.size(shot) > 10_000, "the screenshot is suspiciously small");
    }

    /** The page as an operator sees it; every read goes through the DOM. */
    private static final class MapPage {

        private final Browser browser;

        MapPage(Browser browser, String base) {
            this.browser = browser;
            browser.driver.get(base + "/map/");
        }

        void logIn(String token) {
            WebElement input = browser.driver.findElement(By.id("token"));
            input.clear();
            input.sendKeys(token);
            browser.driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        }

        String loginError() {
            return text("login-error");
        }

        String text(String id) {
            return browser.driver.findElement(By.id(id)).getText();
        }

        String connectionState() {
            return browser.driver.findElement(By.id("connection")).getAttribute("data-state");
        }

        private WebElement marker(String bike) {
            List<WebElement> found = browser.driver.findElements(
                    By.cssSelector(".leaflet-marker-pane .bike-marker[data-bike-id='" + bike + "']"));
            return found.isEmpty() ? null : found.get(0);
        }

        String markerState(String bike) {
            WebElement marker = marker(bike);
            return marker == null ? null : marker.getAttribute("data-state");
        }

        String markerPosition(String bike) {
            WebElement marker = marker(bike);
            return marker.getAttribute("data-lat") + "," + marker.getAttribute("data-lon");
        }

        String markerColour(String bike) {
            return marker(bike).findElement(By.tagName("div")).getCssValue("background-color");
        }

        /** Starts keeping every state the bike's marker is drawn in (the element lives as long as the page). */
        void recordStates(String bike) {
            browser.driver.executeScript("""
                    window.recordedStates = [];
                    const marker = document.querySelector(".bike-marker[data-bike-id='" + arguments[0] + "']");
                    new MutationObserver(() => window.recordedStates.push(marker.dataset.state))
                        .observe(marker, { attributes: true, attributeFilter: ['data-state'] });
                    """, bike);
        }

        @SuppressWarnings("unchecked")
        List<String> recordedStates() {
            return (List<String>) browser.driver.executeScript("return window.recordedStates");
        }

        WebElement row(String bike) {
            return browser.driver.findElement(By.cssSelector("#bike-rows tr[data-bike-id='" + bike + "']"));
        }

        String rowState(String bike) {
            return row(bike).getAttribute("data-state");
        }

        void filter(String text, String state) {
            WebElement input = browser.driver.findElement(By.id("filter-text"));
            input.clear();
            if (!text.isEmpty()) {
                input.sendKeys(text);
            }
            new Select(browser.driver.findElement(By.id("filter-state"))).selectByValue(state);
        }

        @SuppressWarnings("unchecked")
        List<String> listedBikes() {
            return (List<String>) browser.driver.executeScript(
                    "return [...document.querySelectorAll('#bike-rows tr')].map(r => r.dataset.bikeId)");
        }

        /** How many points the drawn track has (Leaflet draws it as one SVG path: M x y L x y ...). */
        int trackPoints() {
            List<WebElement> paths = browser.driver.findElements(By.cssSelector("path.bike-track"));
            if (paths.isEmpty()) {
                return 0;
            }
            String d = paths.get(0).getAttribute("d");
            return d == null ? 0 : d.split("[ML]").length - 1;
        }

        void sendCommand(String name, String argument) {
            new Select(browser.driver.findElement(By.id("command-name"))).selectByValue(name);
            if (argument != null) {
                browser.driver.findElement(By.id("command-arg")).sendKeys(argument);
            }
            browser.driver.findElement(By.cssSelector("#command-form button[type=submit]")).click();
        }

        /** The state shown for the newest command of this name for the selected bike, or null. */
        String commandState(String name) {
            List<WebElement> items = browser.driver.findElements(
                    By.cssSelector("#commands li[data-name='" + name + "']"));
            return items.isEmpty() ? null : items.get(0).getAttribute("data-state");
        }
    }
}
