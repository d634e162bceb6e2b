package com.bikefleet.systemtest;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code bike-agent.jar run} as a real process. */
final class AgentProcess implements AutoCloseable {

    private final Process process;

    private AgentProcess(Process process) {
        this.process = process;
    }

    static AgentProcess start(Path config, Path log) throws Exception {
        Process process = new ProcessBuilder(Jars.java(), "-Xmx64m", "-jar", Jars.agent().toString(), "run",
                "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new AgentProcess(process);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A power cut: SIGKILL, no shutdown hooks. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as systemd stops the service; returns whether it exited within the time. */
    boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
