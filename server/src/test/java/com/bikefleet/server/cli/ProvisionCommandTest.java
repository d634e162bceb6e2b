package com.bikefleet.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.store.sqlite.SqliteDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code provision}: never loses a bike's token to an overwritten file; writes configs that a bike can use. */
class ProvisionCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String err) {
    }

    private Run run(String... args) {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(new CommandLine(new ServerMain()).execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(before);
        }
    }

    private List<String> registered() throws Exception {
        SqliteDatabase database = new SqliteDatabase(dir.resolve("data"));
        database.initialize();
        try (BikeRegistry bikes = new BikeRegistry(database, new SecureRandom(), Clock.systemUTC())) {
            return bikes.list().stream().map(BikeRegistry.Entry::bikeId).toList();
        }
    }

    private Run provision(String bike, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("provision", "--data", dir.resolve("data").toString(),
                "--bike", bike, "--url", "ws://127.0.0.1:8080", "--out", out.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void anExistingOutFileIsNotOverwrittenAndNothingIsRegistered() throws Exception {
        Path out = dir.resolve("bike.conf");
        assertEquals(0, provision("bike-1", out).exit());
        String first = Files.readString(out);

        Run refused = provision("bike-2", out);
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains(out + " exists (it may hold a bike's token): not overwritten, nothing "
                + "registered. Write to another --out, or add --force to replace it."), refused.err());
        assertEquals(first, Files.readString(out), "bike-1's token is still in its file");
        assertEquals(List.of("bike-1"), registered(), "bike-2 was not registered, so it can be provisioned again");

        assertEquals(0, provision("bike-2", out, "--force").exit());
        assertTrue(Files.readString(out).contains("bike.id = bike-2"));
        assertEquals(List.of("bike-1", "bike-2"), registered());
    }

    @Test
    void rotateStillReplacesTheBikesConfig() throws Exception {
        Path out = dir.resolve("bike.conf");
        assertEquals(0, provision("bike-1", out).exit());
        String first = Files.readString(out);
        assertEquals(0, run("rotate", "--data", dir.resolve("data").toString(), "--bike", "bike-1",
                "--url", "ws://127.0.0.1:8080", "--out", out.toString()).exit());
        assertFalse(first.equals(Files.readString(out)), "a new token in the file");
    }

    @Test
    void replayTakesTheLogFileAndNeedsIt() throws Exception {
        Path out = dir.resolve("replay.conf");
        Run missing = provision("bike-r", out, "--gps", "replay");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--gps replay needs --replay-file PATH"), missing.err());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), registered());

        Run wrong = provision("bike-r", out, "--gps", "tty", "--replay-file", "/x.nmea");
        assertEquals(2, wrong.exit());
        assertTrue(wrong.err().contains("--replay-file is only for --gps replay"), wrong.err());

        assertEquals(0, provision("bike-r", out, "--gps", "replay", "--replay-file", "/data/ride.nmea").exit());
        String config = Files.readString(out);
        assertTrue(config.contains("gps.source = replay\n"), config);
        assertTrue(config.contains("gps.replay.file = /data/ride.nmea\n"), config);
    }
}
