package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code bike-server.jar serve} as a real process on a free loopback port. */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient METRICS_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern LISTENING = Pattern.compile("Listening on https?://([0-9.]+):(\\d+)");

    private final Process process;
    private final int port;
    private final Path dataDir;

    private ServerProcess(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts the server on 127.0.0.1 with {@code --port 0} and waits for it to say which port it got. */
    static ServerProcess start(Path dataDir, Path log) throws Exception {
        return start(dataDir, log, 0);
    }

    static ServerProcess start(Path dataDir, Path log, int port, String... extraArgs) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Jars.java(), "-Xmx256m", "-jar",
                Jars.server().toString(), "serve", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--data", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        bound.complete(Integer.parseInt(m.group(2)));
                    }
                }
            } catch (IOException e) {
                bound.completeExceptionally(e);
            }
            bound.completeExceptionally(new IllegalStateException("server exited before listening; see " + log));
        }, "server-stdout");
        reader.setDaemon(true);
        reader.start();
        int actualPort = bound.get(60, TimeUnit.SECONDS);
        return new ServerProcess(process, actualPort, dataDir);
    }

    private String apiToken;

    /** An API token for the HTTP API, made with 'bike-server api-token create' on first use. */
    synchronized String apiToken() throws Exception {
        if (apiToken == null) {
            Process p = new ProcessBuilder(Jars.java(), "-jar", Jars.server().toString(), "api-token",
                    "--data", dataDir.toString(), "create", "tests-" + process.pid()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, p.waitFor(), "api-token create failed: " + out);
            apiToken = out;
        }
        return apiToken;
    }

    /** The HTTP API of this server, with an API token. */
    ServerApi api() throws Exception {
        return new ServerApi(httpBase(), apiToken());
    }

    int port() {
        return port;
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + port;
    }

    String httpBase() {
        return "http://127.0.0.1:" + port;
    }

    /** The value of the unlabelled series {@code name} in the server's /metrics now. */
    long metric(String name) throws Exception {
        HttpResponse<String> response = METRICS_CLIENT.send(HttpRequest.newBuilder(URI.create(httpBase() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(response.body());
        if (!m.find()) {
            throw new AssertionError("no " + name + " in /metrics of port " + port);
        }
        return (long) Double.parseDouble(m.group(1));
    }

    Path dataDir() {
        return dataDir;
    }

    long pid() {
        return process.pid();
    }

    /** Registers a bike through {@code bike-server.jar provision} and returns the config file it wrote. */
    static Path provision(Path dataDir, String bikeId, String wsUrl, Path configFile, Path outbox, String interval)
            throws Exception {
        Process p = new ProcessBuilder(List.of(Jars.java(), "-jar", Jars.server().toString(), "provision",
                "--data", dataDir.toString(), "--bike", bikeId, "--url", wsUrl, "--out", configFile.toString(),
                "--buffer", outbox.toString(), "--interval", interval, "--gps", "simulated", "--log-file", ""))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "provision failed: " + output);
        return configFile;
    }

    Path provision(String bikeId, Path configFile, Path outbox, String interval) throws Exception {
        return provision(dataDir, bikeId, wsUrl(), configFile, outbox, interval);
    }

    /** A power cut for the server: SIGKILL, no shutdown hooks. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertNotNull(process.waitFor(30, TimeUnit.SECONDS) ? process : null, "server did not die");
    }

    /** SIGTERM and wait for the clean shutdown. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
