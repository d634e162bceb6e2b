package com.bikefleet.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/** A real server on a free loopback port with its data in a test's temporary folder. */
public final class TestServer implements AutoCloseable {

    private final BikeServer server;
    private final Path dataDir;

    private TestServer(BikeServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    static {
        // Grizzly logs through java.util.logging; route it like the real server does.
        org.tinylog.jul.JulTinylogBridge.activate();
    }

    public static TestServer start(Path dataDir) throws SQLException {
        return start(ServerSettings.defaults("127.0.0.1", 0, dataDir));
    }

    public static TestServer start(ServerSettings settings) throws SQLException {
        return new TestServer(BikeServer.start(settings, Clock.systemUTC()), settings.dataDir());
    }

    public static ServerSettings settings(Path dataDir) {
        return ServerSettings.defaults("127.0.0.1", 0, dataDir).withIdleTimeout(Duration.ofSeconds(30));
    }

    public BikeServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public String httpBase() {
        return "http://127.0.0.1:" + port();
    }

    private String apiToken;

    /** An API token for the HTTP API, made on first use. */
    public synchronized String apiToken() {
        if (apiToken == null) {
            apiToken = server.apiTokens().create("test");
        }
        return apiToken;
    }

    /** A request to this server's HTTP API with the test's API token. */
    public java.net.http.HttpRequest.Builder request(String path) {
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create(httpBase() + path))
                .header("Authorization", "Bearer " + apiToken());
    }

    /** Registers a bike and returns its token. */
    public String provision(String bikeId) {
        return server.registry().issueToken(bikeId);
    }

    /** Runs a counting query straight on the database file, as an operator would. */
    public long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("bikefleet.db"));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** The value of the unlabelled series {@code name} in /metrics now; NaN when it is not there. */
    public double metric(String name) throws Exception {
        String body = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(request("/metrics").build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }
}
