package com.bikefleet.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code check-config} as an operator runs it: messages with lines, exit 0 or 2, options winning over the file. */
class CheckConfigCommandTest {

    @TempDir
    Path dir;

    private record Result(int status, String output) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        // The commands print to System.out, as operators see them; captured for this call only.
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new ServerMain()).execute(args);
            return new Result(status, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previous);
        }
    }

    @Test
    void aBadFileIsReportedLineByLineWithStatus2() throws Exception {
        Path file = dir.resolve("server.conf");
        Files.writeString(file, "server.port = 9090\nserver.prot = 1\n");
        Result result = run("check-config", file.toString(), "--idle-timeout", "0");
        assertEquals(2, result.status(), result.output());
        assertEquals(file + ":2: unknown key 'server.prot' (did you mean 'server.port'?)\n"
                + "--idle-timeout: ingest.idle-timeout: 0s is outside the allowed range 1s..1h\n",
                result.output());
    }

    @Test
    void theOldOptionsWinOverTheFileAndSet() throws Exception {
        Path file = dir.resolve("server.conf");
        Files.writeString(file, "server.port = 9090\ningest.idle-timeout = 30s\n");
        Result result = run("validate", file.toString(), "--set", "server.port=7070", "--port", "6060",
                "--max-frame-bytes", "65536");
        assertEquals(0, result.status(), result.output());
        assertTrue(result.output().startsWith(file + ": valid\n"), result.output());
        assertTrue(result.output().contains("server.port=6060 "), result.output());
        assertTrue(result.output().contains("ingest.max-frame-bytes=65536B "), result.output());
        assertTrue(result.output().contains("ingest.idle-timeout=30000ms "), result.output());
    }
}
