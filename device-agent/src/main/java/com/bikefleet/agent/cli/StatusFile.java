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

/**
 * The running agent's state, kept next to the outbox ({@code <buffer.path>.status}) so that
 * {@code bike-agent status} can show it without talking to the agent. Written only when something
 * changed, by rename, so a reader never sees half a file and the SD card is spared needless writes.
 */
final class StatusFile {

    private final Path file;
    private String lastWritten;
    private boolean stopped;

    StatusFile(Path bufferPath) {
        this.file = bufferPath.resolveSibling(bufferPath.getFileName() + ".status");
    }

    Path path() {
        return file;
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
