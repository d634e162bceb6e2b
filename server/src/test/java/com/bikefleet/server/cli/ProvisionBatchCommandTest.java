package com.bikefleet.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.store.sqlite.SqliteDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code provision-batch}: one transaction, one owner-only token file, all or nothing. */
class ProvisionBatchCommandTest {

    @TempDir
    Path dir;

    private int run(String... args) {
        return new CommandLine(new ServerMain()).execute(args);
    }

    private BikeRegistry registry() throws Exception {
        SqliteDatabase database = new SqliteDatabase(dir.resolve("data"));
        database.initialize();
        return new BikeRegistry(database, new SecureRandom(), Clock.systemUTC());
    }

    @Test
    void registersEveryBikeAndWritesTokensThatAuthenticate() throws Exception {
        Path out = dir.resolve("tokens.tsv");
        assertEquals(0, run("provision-batch", "--data", dir.resolve("data").toString(), "--prefix", "sim-",
                "--count", "2000", "--out", out.toString()));
        List<String> lines = Files.readAllLines(out);
        assertEquals(2000, lines.size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertTrue(lines.get(0).startsWith("sim-00001\t"), lines.get(0));
        assertTrue(lines.get(1999).startsWith("sim-02000\t"), lines.get(1999));
        try (BikeRegistry bikes = registry()) {
            assertEquals(2000, bikes.list().size());
            for (String line : List.of(lines.get(0), lines.get(777), lines.get(1999))) {
                String[] idAndToken = line.split("\t");
                assertTrue(bikes.authenticate(idAndToken[0], idAndToken[1]), line);
            }
            assertFalse(bikes.authenticate("sim-00001", lines.get(1).split("\t")[1]), "tokens are per bike");
        }
    }

    @Test
    void aTakenIdRegistersNothingAndAnExistingFileIsNeverOverwritten() throws Exception {
        String data = dir.resolve("data").toString();
        assertEquals(0, run("provision-batch", "--data", data, "--prefix", "b-", "--count", "3", "--first", "5",
                "--out", dir.resolve("first.tsv").toString()));
        assertEquals(2, run("provision-batch", "--data", data, "--prefix", "b-", "--count", "10",
                "--out", dir.resolve("second.tsv").toString()), "b-00005 is taken");
        assertFalse(Files.exists(dir.resolve("second.tsv")));
        try (BikeRegistry bikes = registry()) {
            assertEquals(List.of("b-00005", "b-00006", "b-00007"),
                    bikes.list().stream().map(BikeRegistry.Entry::bikeId).toList());
        }
        assertEquals(2, run("provision-batch", "--data", data, "--prefix", "c-", "--count", "1",
                "--out", dir.resolve("first.tsv").toString()));
        assertEquals(3, Files.readAllLines(dir.resolve("first.tsv")).size());
    }
}
