package com.bikefleet.agent.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tinylog.Logger;

/**
 * Opens the bike's outbox so the agent can always run: an outbox file that cannot be used (not a SQLite
 * database, damaged, truncated) is moved aside with its {@code -wal}, {@code -shm} and fix journal
 * ({@code .journal}) for inspection, and a new outbox with a new outbox id takes its place, remembering which one it replaced so the server is told.
 * Without this the agent would exit on every start, and record nothing, until someone deleted the file.
 */
public final class OutboxFiles {

    /** Moved-aside outboxes kept at most, newest first: a card that keeps failing must not fill up with them. */
    static final int KEEP_MOVED_ASIDE = 3;

    static final String CORRUPT = "corrupt";

    /** What belongs to an outbox file beside it, by the suffix of its name: SQLite's and the fix journal. */
    private static final List<String> COMPANIONS = List.of("-wal", "-shm", ".journal");
    /** An outbox's whole set, the file itself (suffix "") last. */
    private static final List<String> SET = Stream.concat(COMPANIONS.stream(), Stream.of("")).toList();

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private OutboxFiles() {
    }

    /** Opens {@code file}, replacing it with a new outbox when it cannot be used. */
    public static Outbox openOrReplace(Path file, OutboxSettings settings) throws SQLException {
        return openOrReplace(file, settings, Clock.systemUTC());
    }

    static Outbox openOrReplace(Path file, OutboxSettings settings, Clock clock) throws SQLException {
        try {
            return Outbox.open(file, settings);
        } catch (OutboxCorruptException e) {
            Path aside = moveAside(file, clock);
            String previousId = readIdQuietly(aside);
            Logger.error("The outbox {} cannot be used ({}): moved it to {} and started a new outbox; the fixes "
                    + "it held are not sent, the server is told", file, e.getMessage(), aside);
            Outbox fresh = Outbox.open(file, settings, previousId, CORRUPT);
            Logger.warn("New outbox {} replaces {}", fresh.outboxId(), previousId == null ? "an unreadable one" : previousId);
            removeOldest(file);
            return fresh;
        }
    }

    /**
     * Renames the file and its -wal, -shm and .journal to {@code <name>.corrupt-<UTC time>}, keeping the
     * suffixes. The journal goes too: it belongs to the old outbox id (a new outbox would discard it anyway).
     */
    static Path moveAside(Path file, Clock clock) throws SQLException {
        String stamp = STAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + n);
        }
        try {
            for (String suffix : SET) {
                Path from = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(from)) {
                    Files.move(from, aside.resolveSibling(aside.getFileName() + suffix),
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new SQLException("cannot move the unusable outbox " + file + " aside: " + e.getMessage(), e);
        }
        return aside;
    }

    /** The outbox id of a damaged file, if its meta table can still be read; null otherwise. */
    static String readIdQuietly(Path file) {
        // Not read-only: SQLite cannot open a WAL database read-only without its -shm. A SELECT writes nothing.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT value FROM meta WHERE key = 'outbox_id'")) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException | RuntimeException e) {
            Logger.debug("The id of the unusable outbox {} cannot be read: {}", file, e.getMessage());
            return null;
        }
    }

    /** Deletes moved-aside outboxes beyond the newest {@link #KEEP_MOVED_ASIDE}, with their -wal, -shm and .journal. */
    private static void removeOldest(Path file) {
        String prefix = file.getFileName() + ".corrupt-";
        List<Path> sets = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
            siblings.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> COMPANIONS.stream().noneMatch(p.getFileName().toString()::endsWith))
                    .forEach(sets::add);
            sets.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
            for (Path old : sets.subList(Math.min(KEEP_MOVED_ASIDE, sets.size()), sets.size())) {
                for (String suffix : SET) {
                    Files.deleteIfExists(old.resolveSibling(old.getFileName() + suffix));
                }
                Logger.info("Deleted the old moved-aside outbox {}", old);
            }
        } catch (IOException e) {
            Logger.warn("Could not tidy moved-aside outboxes next to {}: {}", file, e.getMessage());
        }
    }
}
