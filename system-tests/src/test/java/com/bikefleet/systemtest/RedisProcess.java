package com.bikefleet.systemtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server on a free loopback port, keeping nothing on disk, so a test can stop it and start
 * it again on the same port without touching the machine's own Redis.
 */
final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path log;
    private Process process;

    private RedisProcess(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    static RedisProcess start(Path log) throws Exception {
        RedisProcess redis = new RedisProcess(Setup.freePort(), log);
        redis.start();
        return redis;
    }

    /** Starts (again) on the same port and waits until it accepts connections. */
    void start() throws Exception {
        process = new ProcessBuilder(List.of(ScaleServices.program("redis-server"), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Await.until("redis-server on port " + port, java.time.Duration.ofSeconds(20), this::accepts);
    }

    /** Kills it (SIGKILL): every connection drops at once, as when the Redis host dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
