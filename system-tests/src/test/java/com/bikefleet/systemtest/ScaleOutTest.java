package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server instances behind haproxy, sharing PostgreSQL and Redis, with real agents and listeners.
 * The tests share one cluster and run in order, the faults last: a Redis outage, then an instance killed
 * with SIGKILL (the cluster is not the same after either). Listeners connect straight to each instance, so
 * "a listener on instance X" is certain; bikes go through haproxy, which spreads them over the instances.
 */
@ExtendWith(ScaleServices.Required.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {

    private static final List<String> BIKES = List.of("scale-bike-1", "scale-bike-2", "scale-bike-3", "scale-bike-4");
    private static final String COMMAND_BIKE = "scale-command-bike";
    private static final String TWIN_BIKE = "scale-twin-bike";
    private static final Duration LIVE_WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static ScaleCluster cluster;
    private static final List<AgentProcess> agents = new ArrayList<>();
    private static final List<LiveClient> listeners = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ScaleCluster.start(dir, 3);
        for (ServerProcess server : cluster.servers) {
            listeners.add(LiveClient.connect(server.wsUrl(), cluster.apiToken));
        }
        for (String bike : BIKES) {
            agents.add(cluster.startAgent(bike, cluster.provision(bike, cluster.haproxy.wsUrl(), "300ms")));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        listeners.forEach(LiveClient::close);
        for (AgentProcess agent : agents) {
            agent.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyListenerSeesEveryBikeWhicheverInstanceItIsOn() throws Exception {
        Await.until("all bikes connected through haproxy", LIVE_WAIT, () -> connectedTotal() == BIKES.size());
        long busiest = 0;
        for (ServerProcess server : cluster.servers) {
            busiest = Math.max(busiest, cluster.connectedBikes(server));
        }
        assertTrue(busiest < BIKES.size(), "haproxy put every bike on one instance: nothing crosses the backplane");

        Instant now = Instant.now();
        awaitEveryListenerSeesEveryBikeAfter(now, listeners);
        for (LiveClient listener : listeners) {
            for (String bike : BIKES) {
                assertEquals(Boolean.TRUE, listener.online(bike), bike + " not shown online on every instance");
            }
        }
    }

    @Test
    @Order(2)
    void aCommandSentThroughOneInstanceReachesABikeConnectedToAnother() throws Exception {
        ServerProcess a = cluster.servers.get(0);
        ServerProcess b = cluster.servers.get(1);
        // Straight to instance B, so the command has to cross from A.
        try (AgentProcess agent = cluster.startAgent(COMMAND_BIKE,
                cluster.provision(COMMAND_BIKE, b.wsUrl(), "500ms"))) {
            Await.until(COMMAND_BIKE + " online, as instance A learns through the backplane", LIVE_WAIT,
                    () -> Boolean.TRUE.equals(listeners.get(0).online(COMMAND_BIKE)));
            ServerApi apiA = cluster.api(a);
            HttpResponse<String> created = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    apiA.request("/api/bikes/" + COMMAND_BIKE + "/commands")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"set-report-interval\",\"args\":{\"interval\":\"1s\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, created.statusCode(), created.body());
            Await.until("the command done by the bike on instance B", LIVE_WAIT, () -> {
                JsonElement commands = apiA.get("/api/bikes/" + COMMAND_BIKE + "/commands");
                return commands.toString().contains("\"state\":\"done\"");
            });
            assertTrue(agent.stop(), "agent did not stop");
        }
    }

    @Test
    @Order(3)
    void aNewerConnectionOnAnotherInstanceReplacesTheOlderOneAndTheBikeStaysOnline() throws Exception {
        ServerProcess a = cluster.servers.get(0);
        ServerProcess b = cluster.servers.get(1);
        String token = token(cluster.provision(TWIN_BIKE, a.wsUrl(), "1s"));
        try (RawBike older = RawBike.connect(a.wsUrl(), TWIN_BIKE, token)) {
            Await.until(TWIN_BIKE + " online for the listener on instance C", LIVE_WAIT,
                    () -> Boolean.TRUE.equals(listeners.get(2).online(TWIN_BIKE)));
            try (RawBike newer = RawBike.connect(b.wsUrl(), TWIN_BIKE, token)) {
                Await.until("the older connection, on instance A, closed", LIVE_WAIT, () -> older.closeCode() != null);
                assertEquals(4001, older.closeCode(), "the older connection was not closed as REPLACED");
                Thread.sleep(1_000);
                assertNull(newer.closeCode(), "the newer connection, on instance B, was closed too");
                for (LiveClient listener : listeners) {
                    assertEquals(Boolean.TRUE, listener.online(TWIN_BIKE), "a replaced connection showed the bike offline");
                }
            }
        }
    }

    /** The bike token a provisioned config holds. */
    private static String token(Path config) throws Exception {
        return java.nio.file.Files.readAllLines(config).stream().filter(line -> line.startsWith("bike.token"))
                .map(line -> line.substring(line.indexOf('=') + 1).strip()).findFirst().orElseThrow();
    }

    @Test
    @Order(4)
    void ingestCarriesOnWithoutRedisAndLiveFanOutResumesWhenItReturns() throws Exception {
        cluster.redis.kill();
        long[] before = new long[BIKES.size()];
        for (int i = 0; i < BIKES.size(); i++) {
            before[i] = cluster.database.count(BIKES.get(i));
        }
        for (int i = 0; i < BIKES.size(); i++) {
            String bike = BIKES.get(i);
            long from = before[i];
            Await.until(bike + " storing 5 more fixes without Redis", LIVE_WAIT,
                    () -> cluster.database.count(bike) >= from + 5);
            int pending = OutboxFile.read(cluster.outbox(bike)).pendingSeqs().size();
            // Acknowledged rows are deleted 64 at a time, so up to 63 of them may still be in the file.
            assertTrue(pending < 10 + 63, bike + " has " + pending + " unacknowledged fixes: acks stopped without Redis");
        }
        Await.until("an instance counting a backplane failure in /metrics", LIVE_WAIT, () -> {
            long failures = 0;
            for (ServerProcess server : cluster.servers) {
                failures += cluster.publishFailures(server);
            }
            return failures > 0;
        });

        cluster.redis.start();
        Instant back = Instant.now();
        awaitEveryListenerSeesEveryBikeAfter(back, listeners);
    }

    @Test
    @Order(5)
    void killingAnInstanceLosesNothingAndTheSurvivorsKeepShowingEveryBike() throws Exception {
        Await.until("all bikes connected", LIVE_WAIT, () -> connectedTotal() == BIKES.size());
        int victim = 0;
        for (int i = 1; i < cluster.servers.size(); i++) {
            if (cluster.connectedBikes(cluster.servers.get(i)) > cluster.connectedBikes(cluster.servers.get(victim))) {
                victim = i;
            }
        }
        long moved = cluster.connectedBikes(cluster.servers.get(victim));
        assertTrue(moved > 0, "no instance holds a bike");
        cluster.servers.get(victim).kill();
        Instant killed = Instant.now();

        List<LiveClient> survivors = new ArrayList<>(listeners);
        survivors.remove(victim);
        awaitEveryListenerSeesEveryBikeAfter(killed.plusSeconds(1), survivors);
        Await.until("the " + moved + " bikes of the killed instance reconnected to the others", LIVE_WAIT,
                () -> connectedTotal() == BIKES.size());

        for (AgentProcess agent : agents) {
            assertTrue(agent.stop(), "agent did not stop");
        }
        for (String bike : BIKES) {
            ExactlyOnce.check(cluster.database.fixes(bike), OutboxFile.read(cluster.outbox(bike)), 1);
        }
        System.out.printf("ScaleOutTest: %d bikes moved off the killed instance; %s%n", moved,
                BIKES.stream().map(b -> {
                    try {
                        return b + "=" + cluster.database.count(b);
                    } catch (Exception e) {
                        return b + "=?";
                    }
                }).toList());
    }

    private static long connectedTotal() throws Exception {
        long total = 0;
        for (ServerProcess server : cluster.servers) {
            try {
                total += cluster.connectedBikes(server);
            } catch (java.io.IOException e) {
                // A killed instance has no /metrics; it holds nothing.
            }
        }
        return total;
    }

    private static void awaitEveryListenerSeesEveryBikeAfter(Instant time, List<LiveClient> who) throws Exception {
        for (int l = 0; l < who.size(); l++) {
            LiveClient listener = who.get(l);
            for (String bike : BIKES) {
                Await.until("listener " + l + " sees a fix of " + bike + " taken after " + time, LIVE_WAIT,
                        () -> listener.sawFixAfter(bike, time));
            }
        }
    }
}
