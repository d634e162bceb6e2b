package com.bikefleet.hardware.serial;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bikefleet.hardware.Await;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A pair of linked pseudo-terminals made by socat: the source reads {@code gps}, the test writes {@code feed}. */
final class Socat implements AutoCloseable {

    private final Process process;
    final Path gps;
    final Path feed;

    private Socat(Process process, Path gps, Path feed) {
        this.process = process;
        this.gps = gps;
        this.feed = feed;
    }

    /** Skips the calling test (with a message) when socat is not installed. */
    static void assumeInstalled() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(dir, "socat"));
        }
        assumeTrue(found, "socat is not installed: skipping the pseudo-terminal test (apt-get install socat)");
    }

    static Socat start(Path dir) throws IOException, InterruptedException {
        Path gps = dir.resolve("gps");
        Path feed = dir.resolve("feed");
        Process process = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + gps, "pty,raw,echo=0,link=" + feed)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        try {
            Await.until("socat's pseudo-terminals", Duration.ofSeconds(10), () -> {
                if (!process.isAlive()) {
                    throw new IOException("socat exited");
                }
                return Files.exists(gps) && Files.exists(feed);
            });
        } catch (Exception | AssertionError e) {
            process.destroy();
            throw new IOException("socat did not create its pseudo-terminals: "
                    + Files.readString(dir.resolve("socat.log")), e);
        }
        return new Socat(process, gps, feed);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
