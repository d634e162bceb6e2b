package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several real server instances (the packaged jar as processes) sharing a fresh PostgreSQL database and a
 * private Redis, behind a private haproxy; everything stops with {@link #close()}.
 */
final class ScaleCluster implements AutoCloseable {

    // Set one by one as they start, so close() stops what did start when a later part fails.
    TestDatabase database;
    RedisProcess redis;
    final List<ServerProcess> servers = new ArrayList<>();
    HaproxyProcess haproxy;
    String apiToken;
    private final Path dir;

    private ScaleCluster(Path dir) {
        this.dir = dir;
    }

    private void startAll(int instances) throws Exception {
        this.database = TestDatabase.create();
        this.redis = RedisProcess.start(dir.resolve("redis.log"));
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            String id = "instance-" + (char) ('a' + i);
            ServerProcess server = ServerProcess.start(dir.resolve(id), dir.resolve(id + ".log"), 0,
                    "--set", "store.url=" + database.url(), "--set", "backplane.redis-url=" + redis.url(),
                    "--set", "server.instance-id=" + id, "--set", "backplane.presence-ttl=3s");
            servers.add(server);
            ports.add(server.port());
        }
        this.haproxy = HaproxyProcess.start(dir, ports);
        this.apiToken = cli("api-token", "--store-url", database.url(), "create", "scale-tests").strip();
    }

    static ScaleCluster start(Path dir, int instances) throws Exception {
        ScaleCluster cluster = new ScaleCluster(dir);
        try {
            cluster.startAll(instances);
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Registers a bike in the shared database; its config points at {@code wsUrl} and reports every interval. */
    Path provision(String bikeId, String wsUrl, String interval) throws Exception {
        Path config = dir.resolve(bikeId + ".conf");
        cli("provision", "--store-url", database.url(), "--bike", bikeId, "--url", wsUrl, "--out", config.toString(),
                "--buffer", outbox(bikeId).toString(), "--interval", interval, "--gps", "simulated", "--log-file", "");
        return Setup.withSettings(config, "reconnect.base = 100ms", "reconnect.cap = 1s");
    }

    Path outbox(String bikeId) {
        return dir.resolve(bikeId + "/outbox.db");
    }

    AgentProcess startAgent(String bikeId, Path config) throws Exception {
        return AgentProcess.start(config, dir.resolve(bikeId + ".log"));
    }

    ServerApi api(ServerProcess server) {
        return new ServerApi(server.httpBase(), apiToken);
    }

    /** Bikes connected to the instance, from its /metrics. */
    long connectedBikes(ServerProcess server) throws Exception {
        return server.metric("bikefleet_connected_bikes");
    }

    long publishFailures(ServerProcess server) throws Exception {
        return server.metric("bikefleet_backplane_publish_failures_total");
    }

    private String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Jars.java(), "-jar", Jars.server().toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "cli", ".out");
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(
                dir.resolve("cli.log").toFile())).redirectOutput(output.toFile()).start();
        int status = p.waitFor();
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, status, String.join(" ", args) + " failed: " + out + " (see cli.log)");
        return out;
    }

    @Override
    public void close() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        for (ServerProcess server : servers) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
