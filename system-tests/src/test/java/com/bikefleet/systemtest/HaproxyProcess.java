package com.bikefleet.systemtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private haproxy in front of the server instances, with the settings of deploy/haproxy.cfg that matter
 * here (WebSocket-friendly timeouts, health checks on /health, redispatch) and short check intervals so a
 * killed instance is noticed within a second.
 */
final class HaproxyProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private HaproxyProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static HaproxyProcess start(Path dir, List<Integer> serverPorts) throws Exception {
        int port = Setup.freePort();
        StringBuilder config = new StringBuilder("""
                global
                  maxconn 2000
                defaults
                  mode http
                  option http-server-close
                  timeout connect 2s
                  timeout client 60s
                  timeout server 60s
                  timeout tunnel 1h
                  timeout client-fin 5s
                  retries 3
                  option redispatch
                frontend bikefleet
                  bind 127.0.0.1:%d
                  default_backend servers
                backend servers
                  balance roundrobin
                  option httpchk GET /health
                  http-check expect status 200
                  default-server inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions
                """.formatted(port));
        for (int i = 0; i < serverPorts.size(); i++) {
            config.append("  server s").append(i).append(" 127.0.0.1:").append(serverPorts.get(i)).append(" check\n");
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(List.of(ScaleServices.program("haproxy"), "-db", "-f", file.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("haproxy.log").toFile()))
                .start();
        HaproxyProcess haproxy = new HaproxyProcess(process, port);
        Await.until("haproxy on port " + port, java.time.Duration.ofSeconds(20), haproxy::accepts);
        return haproxy;
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + port;
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("haproxy exited; see haproxy.log");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
