package com.bikefleet.agent.outbox;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What the outbox tests share: numbered fixes, and the files a crash would leave. */
final class OutboxFixtures {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private OutboxFixtures() {
    }

    /** Fix {@code n}: a second after fix n - 1, a little further north, every optional field set. */
    static Fix fix(int n) {
        return new Fix(T0.plusSeconds(n), 52.5 + n * 1e-4, 13.4, 5.5, 180.0, 40.0, 1.1, 7, FixType.THREE_D);
    }

    /**
     * The outbox's files (database, write-ahead log, journal) as a crash at this moment would leave them, a
     * power cut with {@code buffer.sync = full} included, copied to {@code name} in {@code dir}.
     */
    static Path crashCopy(Path file, Path dir, String name) throws IOException {
        Path copy = dir.resolve(name);
        for (String suffix : new String[] {"", "-wal", ".journal"}) {
            Path from = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(from)) {
                Files.copy(from, copy.resolveSibling(name + suffix));
            }
        }
        return copy;
    }
}
