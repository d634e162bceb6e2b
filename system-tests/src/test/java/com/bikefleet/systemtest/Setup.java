package com.bikefleet.systemtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Small things the fault tests share: a free port, extra agent settings, reading a process's log. */
final class Setup {

    private Setup() {
    }

    /** A loopback port nothing listens on right now, for a server that must come back on the same port. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Appends {@code key = value} lines to an agent config that provisioning wrote. */
    static Path withSettings(Path config, String... lines) throws IOException {
        Files.writeString(config, "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        return config;
    }

    /** How many lines of a process's output file contain {@code text} (0 when the file is not there yet). */
    static long linesContaining(Path log, String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        // Latin-1 reads any byte, so a stray one in the log cannot fail the read.
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
