package com.bikefleet.agent.cli;

import com.bikefleet.agent.sdk.AgentStatus;
import com.bikefleet.model.Fix;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * The running agent's state, so that {@code bike-agent status} can show it without talking to the agent.
 * Written only when something changed, by rename, so a reader never sees half a file.
 *
 * <p>It lives in a runtime folder, in RAM, not on the SD card: it changes with every fix, and it means
 * nothing after the agent stops. The first of these that applies, for the agent and for {@code status} alike:
 * <ol>
 *   <li>{@code $RUNTIME_DIRECTORY}, set by systemd's {@code RuntimeDirectory=bike-agent} (the unit in
 *       deploy/), i.e. {@code /run/bike-agent};
 *   <li>{@code /run/bike-agent} when it exists: {@code status} run from a shell, where systemd's variable is
 *       not set, finds the service's file there;
 *   <li>{@code $XDG_RUNTIME_DIR/bike-agent} (an agent run by hand in a login session);
 *   <li>otherwise next to the outbox, {@code <buffer.path>.status}, on the card, as before.
 * </ol>
 * In the runtime folders the file is named after the bike, {@code <bike.id>.status}.
 */
final class StatusFile {

    static final Path SYSTEM_RUN_DIR = Path.of("/run/bike-agent");

    private final Path file;
    private final boolean inRam;
    private String lastWritten;
    private boolean stopped;

    StatusFile(Path bufferPath, String bikeId) {
        this(bufferPath, bikeId, System.getenv(), SYSTEM_RUN_DIR);
    }

    StatusFile(Path bufferPath, String bikeId, Map<String, String> env, Path systemRunDir) {
        Path runtimeDir = runtimeDir(env, systemRunDir);
        this.inRam = runtimeDir != null;
        this.file = inRam ? runtimeDir.resolve(bikeId + ".status")
                : bufferPath.resolveSibling(bufferPath.getFileName() + ".status");
    }

    private static Path runtimeDir(Map<String, String> env, Path systemRunDir) {
        String systemd = env.get("RUNTIME_DIRECTORY");
        if (systemd != null && !systemd.isBlank()) {
            // systemd joins several RuntimeDirectory= entries with ':'; the unit has one.
            return Path.of(systemd.split(":")[0]);
        }
        if (Files.isDirectory(systemRunDir)) {
            return systemRunDir;
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "bike-agent");
        }
        return null;
    }

    Path path() {
        return file;
    }

    /** Whether the file is in a runtime folder (RAM), not next to the outbox on the card. */
    boolean inRuntimeDir() {
        return inRam;
    }

    synchronized void write(AgentStatus status, Instant now) throws IOException {
        if (stopped) {
            return;
        }
        write(status, now, null);
    }

    /**
     * The last state, written by a clean shutdown: not connected, stopped at {@code now}. Later
     * {@link #write(AgentStatus, Instant)} calls change nothing, so a status loop still running cannot
     * make a stopped agent look connected.
     */
    synchronized void writeStopped(AgentStatus status, Instant now) throws IOException {
        stopped = true;
        write(status, now, now);
    }

    private void write(AgentStatus status, Instant now, Instant stoppedAt) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("bikeId", status.bikeId());
        json.addProperty("serverUrl", status.serverUrl());
        json.addProperty("connected", stoppedAt == null && status.connected());
        if (stoppedAt != null) {
            json.addProperty("stoppedAt", stoppedAt.toString());
        } else if (status.since() != null) {
            json.addProperty("since", status.since().toString());
        }
        json.addProperty("gps", status.gpsState());
        json.addProperty("skipped", status.skipped());
        json.addProperty("outboxDepth", status.outboxDepth());
        if (status.resetReason() != null) {
            json.addProperty("outboxReset", status.resetReason());
            json.addProperty("previousOutboxId", status.previousOutboxId());
        }
        Fix fix = status.lastFix();
        if (fix != null) {
            JsonObject last = new JsonObject();
            last.addProperty("time", fix.time().toString());
            last.addProperty("lat", fix.latitude());
            last.addProperty("lon", fix.longitude());
            json.add("lastFix", last);
        }
        String body = json.toString();
        if (body.equals(lastWritten)) {
            return;
        }
        json.addProperty("writtenAt", now.toString());
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, json.toString(), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        lastWritten = body;
    }

    /** The last state the agent wrote, or null when there is none. */
    JsonObject read() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
