package com.bikefleet.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.bikefleet.model.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code run} and {@code validate} check on this machine beyond the file's text, each at its key's line. */
class LocalFilesTest {

    @TempDir
    Path dir;

    private Path config(String buffer, String gpsLines) throws Exception {
        Path file = dir.resolve("agent.conf");
        Files.writeString(file, """
                bike.id = b1
                bike.token = t
                server.url = ws://127.0.0.1:1
                buffer.path = %s
                %s
                """.formatted(buffer, gpsLines));
        return file;
    }

    private List<String> problems(Path file) {
        return assertThrows(ConfigException.class, () -> AgentConfig.loadToRun(file, List.of())).problems();
    }

    @Test
    void usableFilesPassAndMissingFoldersTheAgentCanMakeAreFine() throws Exception {
        Path gpx = dir.resolve("route.gpx");
        Files.writeString(gpx, """
                <gpx><trk><trkseg><trkpt lat="52.09" lon="5.12"/><trkpt lat="52.10" lon="5.13"/></trkseg></trk></gpx>
                """);
        Path file = config(dir.resolve("not/yet/outbox.db").toString(),
                "gps.source = simulated\ngps.sim.gpx = " + gpx);
        assertEquals(gpx, AgentConfig.loadToRun(file, List.of()).gps().simGpx());
        Path log = dir.resolve("ride.nmea");
        Files.writeString(log, "");
        AgentConfig.loadToRun(config(dir.resolve("outbox.db").toString(), "gps.source = replay\ngps.replay.file = " + log),
                List.of());
    }

    @Test
    void anOutboxUnderAFolderThatCannotBeMadeIsRefusedAtItsLine() throws Exception {
        Files.writeString(dir.resolve("a-file"), "");
        Path file = config(dir.resolve("a-file/sub/outbox.db").toString(), "gps.source = simulated");
        assertEquals(List.of(file + ":4: buffer.path: cannot create the outbox: the folder " + dir.resolve("a-file/sub")
                + " does not exist and cannot be made: " + dir.resolve("a-file") + " is not a folder"), problems(file));
        // The text alone is fine: status and validate --syntax-only do not look at this machine.
        AgentConfig.load(file, List.of());
    }

    @Test
    void anOutboxPathThatIsAFolderIsRefused() throws Exception {
        Path file = config(dir.toString(), "gps.source = simulated");
        assertEquals(List.of(file + ":4: buffer.path: '" + dir + "' is a folder; name the outbox file in it, e.g. "
                + dir.resolve("outbox.db")), problems(file));
    }

    @Test
    void anOutboxInAReadOnlyFolderIsRefused() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write to a read-only folder");
        Path folder = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Path file = config(folder.resolve("outbox.db").toString(), "gps.source = simulated");
            assertEquals(List.of(file + ":4: buffer.path: cannot create the outbox: the folder " + folder
                    + " is read-only for this user"), problems(file));
            Path below = config(folder.resolve("sub/outbox.db").toString(), "gps.source = simulated");
            assertEquals(List.of(below + ":4: buffer.path: cannot create the outbox: the folder " + folder.resolve("sub")
                    + " does not exist and " + folder + " is read-only for this user (create the folder, owned by the "
                    + "agent's user)"), problems(below));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void missingGpsFilesAreRefusedAtTheirLines() throws Exception {
        Path gpx = dir.resolve("gone.gpx");
        Path file = config(dir.resolve("outbox.db").toString(), "gps.source = simulated\ngps.sim.gpx = " + gpx);
        assertEquals(List.of(file + ":6: gps.sim.gpx: the GPX route '" + gpx + "' does not exist"), problems(file));

        Path nmea = dir.resolve("gone.nmea");
        file = config(dir.resolve("outbox.db").toString(), "gps.replay.file = " + nmea + "\ngps.source = replay");
        assertEquals(List.of(file + ":5: gps.replay.file: the NMEA log '" + nmea + "' does not exist"), problems(file));
    }

    @Test
    void aGpxFileThatIsNoRouteIsRefused() throws Exception {
        Path gpx = dir.resolve("notes.gpx");
        Files.writeString(gpx, "shopping list");
        Path file = config(dir.resolve("outbox.db").toString(), "gps.source = simulated\ngps.sim.gpx = " + gpx);
        List<String> problems = problems(file);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith(file + ":6: gps.sim.gpx: GPX file " + gpx + " is not valid XML"),
                problems.get(0));
    }

    @Test
    void everyProblemComesTogetherInLineOrder() throws Exception {
        Files.writeString(dir.resolve("a-file"), "");
        Path file = config(dir.resolve("a-file/outbox.db").toString(),
                "gps.replay.file = /nowhere.nmea\ngps.source = replay\nreport.interval = 10");
        List<String> problems = problems(file);
        assertEquals(3, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith(file + ":4: buffer.path"), problems.toString());
        assertEquals(true, problems.get(1).startsWith(file + ":5: gps.replay.file"), problems.toString());
        assertEquals(true, problems.get(2).startsWith(file + ":7: report.interval"), problems.toString());
    }
}
