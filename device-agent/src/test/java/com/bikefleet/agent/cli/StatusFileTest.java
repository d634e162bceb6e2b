package com.bikefleet.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.sdk.AgentStatus;
import com.bikefleet.model.Fix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status file goes to a runtime folder (RAM), not next to the outbox on the card, and status finds it. */
class StatusFileTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private Path outbox() {
        return dir.resolve("card/outbox.db");
    }

    private static AgentStatus status(long depth) {
        return new AgentStatus("bike-7", "ws://127.0.0.1:1", true, NOW, "fix", Fix.of(NOW, 52.5, 13.4), depth, 0, 0,
                null, null);
    }

    @Test
    void underSystemdTheFileIsInTheServicesRuntimeDirectoryAndAShellFindsIt() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run/bike-agent"));
        StatusFile agent = new StatusFile(outbox(), "bike-7", Map.of("RUNTIME_DIRECTORY", run.toString()),
                dir.resolve("no-such-dir"));
        agent.write(status(3), NOW);

        assertEquals(run.resolve("bike-7.status"), agent.path());
        assertTrue(agent.inRuntimeDir());
        assertFalse(Files.exists(dir.resolve("card/outbox.db.status")), "the status file was written to the card");
        // status, run from a shell: no RUNTIME_DIRECTORY, but the service's folder exists.
        StatusFile technician = new StatusFile(outbox(), "bike-7", Map.of("XDG_RUNTIME_DIR", dir.resolve("user").toString()),
                run);
        assertEquals(3, technician.read().get("outboxDepth").getAsLong());
        assertEquals("fix", technician.read().get("gps").getAsString());
    }

    @Test
    void byHandInALoginSessionTheFileIsInTheUsersRuntimeDirectory() throws Exception {
        Path xdg = dir.resolve("user-run");
        StatusFile agent = new StatusFile(outbox(), "bike-7", Map.of("XDG_RUNTIME_DIR", xdg.toString()),
                dir.resolve("no-such-dir"));
        agent.write(status(0), NOW);
        assertTrue(Files.exists(xdg.resolve("bike-agent/bike-7.status")));
        assertFalse(Files.exists(dir.resolve("card/outbox.db.status")));
    }

    @Test
    void withoutARuntimeFolderItFallsBackToTheOutboxsFolder() throws Exception {
        Files.createDirectories(dir.resolve("card"));
        StatusFile agent = new StatusFile(outbox(), "bike-7", Map.of(), dir.resolve("no-such-dir"));
        agent.write(status(0), NOW);
        assertFalse(agent.inRuntimeDir());
        assertTrue(Files.exists(dir.resolve("card/outbox.db.status")));
    }
}
