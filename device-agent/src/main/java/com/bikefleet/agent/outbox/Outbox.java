package com.bikefleet.agent.outbox;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.tinylog.Logger;

/**
 * The bike's durable outbox: every fix is committed here before it is sent, and deleted only when the
 * server's cumulative ack covers it. Sequence numbers come from here and keep growing across restarts;
 * the outbox id is made once, with the file, so a wiped SD card starts a new sequence.
 *
 * <p>Bounded: past {@link OutboxSettings#maxFixes()} fixes or {@link OutboxSettings#maxBytes()} bytes the
 * oldest fixes are dropped, and the count of dropped fixes is kept so the server can be told.
 *
 * <p>Two tiers: a fix is taken into the {@link FixJournal} beside the SQLite file (one record written, one
 * {@code fdatasync}), and moved into SQLite with the fixes journaled before it every {@link #FOLD_EVERY} fixes,
 * at a clean stop and on the next open after a crash (a fold). Every SQLite seq is below every journal seq.
 * Fixes the server acknowledged before their fold are never written to SQLite at all.
 *
 * <p>Telemetry readings from other code on the bike live in a second table with their own sequence.
 *
 * <p>Not thread-safe: one thread owns it (the agent's worker thread), with its connection and journal file.
 */
public final class Outbox implements FixOutbox {

    /**
     * Fixes journaled between two folds. A fold is one SQLite commit of this many rows (some 20 pages of 1 KB)
     * plus a journal header: spread over 256 fixes that is well under a tenth of the 4 KB page each fix costs
     * in the journal, where 64 would be about a quarter. A connected bike's fixes are acknowledged long before
     * (256 s at 1 Hz), so the fold writes no row of theirs. More would save little and make the journal file
     * (preallocated, {@code (FOLD_EVERY + 1) * 128} bytes) and the fixes held in memory bigger.
     */
    static final int FOLD_EVERY = 256;
    /**
     * Acknowledged fixes are deleted this many at a time, not one commit per ack: each commit is a page
     * written and synced to the card. Until then they stay in the file, hidden from the sender; after a crash
     * they are sent again and the server drops them as duplicates.
     */
    static final int DELETE_BATCH = 64;
    /**
     * Pages of 1 KB, not SQLite's 4 KB: a commit appends each page it changed to the write-ahead log, and a
     * full outbox still commits every fix (with the drop of the oldest). Rows are about 70 bytes, so a page
     * still holds a dozen.
     */
    static final int PAGE_SIZE = 1024;
    /** An older outbox with bigger pages is rewritten with {@link #PAGE_SIZE} on open when it holds no more. */
    static final long REPAGE_MAX_ROWS = 10_000;

    private final Connection connection;
    /** One file channel, used by the outbox's one thread only (the Outbox is single-threaded), as the connection. */
    private final FixJournal journal;
    private final OutboxSettings settings;
    private final String outboxId;
    private final PreparedStatement insertFix;
    private final PreparedStatement setMeta;
    private final PreparedStatement selectBetween;
    private final PreparedStatement deleteUpTo;
    private final PreparedStatement dropOldest;
    private final PreparedStatement insertReading;
    private final PreparedStatement selectReadings;
    private final PreparedStatement deleteReadingsUpTo;
    private long lastSeq;
    /**
     * The newest seq moved into SQLite: the journal holds the numbers after it. The {@code last_seq} meta row
     * never says more, or a crash would leave journaled fixes at or below it, taken for moved ones.
     */
    private long foldedSeq;
    /** Fixes up to this seq are acknowledged; those still in the table are deleted with the next batch. */
    private long ackedUpTo;
    /** Acknowledged fixes still in the table. */
    private long ackedInTable;
    /** Pending fixes in the table. */
    private long tableDepth;
    /** Journaled fixes, not yet moved into SQLite and not acknowledged, oldest first. */
    private final Deque<Position> journaled = new ArrayDeque<>();
    private long dropped;
    private long skipped;
    private final String previousOutboxId;
    private final String resetReason;
    /**
     * Numbers above these were given since the outbox was opened without the server confirming it holds none
     * of them above: if the outbox rolled back, those are the ones that may be reused. -1 once confirmed.
     */
    private long unconfirmedFrom;
    private long unconfirmedTelemetryFrom;
    private long lastTelemetrySeq;
    private long telemetryDepth;

    private Outbox(Connection connection, Path journalFile, OutboxSettings settings, String replacedId,
                   String replacedBecause) throws SQLException {
        this.connection = connection;
        this.settings = settings;
        try (Statement s = connection.createStatement()) {
            // Only takes effect on a new file, before its first table; an older file is re-paged below.
            s.execute("PRAGMA page_size=" + PAGE_SIZE);
            s.execute("PRAGMA journal_mode=WAL");
            // A truncated or damaged file opens without complaint and fails later, or reads as empty. The check
            // reads every page once, at start-up only: 0.25 s for 100,000 fixes (6 MB) on a development machine,
            // so a second or a few on a Pi at the 32 MB bound; quick_check, not integrity_check, which also
            // cross-checks indexes and takes several times as long.
            String check = quickCheck(s);
            if (!"ok".equals(check)) {
                throw new OutboxCorruptException("the outbox fails its integrity check: " + check, null);
            }
            // FULL: a fix counted as taken survives a power cut (one fsync per commit).
            s.execute("PRAGMA synchronous=" + settings.durability().name());
            // The log is checkpointed into the file every 1000 pages (SQLite's default, 1 MB with 1 KB pages)
            // and then written again from its start; the limit only truncates it after a bigger burst.
            s.execute("PRAGMA journal_size_limit=" + 4 * 1024 * 1024);
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS fixes (
                      seq      INTEGER PRIMARY KEY,
                      fix_time INTEGER NOT NULL,
                      lat      REAL    NOT NULL,
                      lon      REAL    NOT NULL,
                      speed    REAL,
                      course   REAL,
                      alt      REAL,
                      hdop     REAL,
                      sats     INTEGER,
                      fix_type TEXT
                    )""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS telemetry (
                      seq   INTEGER PRIMARY KEY,
                      time  INTEGER,
                      name  TEXT NOT NULL,
                      value TEXT NOT NULL
                    )""");
        }
        repageIfSmall();
        connection.setAutoCommit(false);
        boolean created = meta("outbox_id", null) == null;
        this.outboxId = readOrCreateId();
        if (created && replacedId != null || created && replacedBecause != null) {
            putMetaText("previous_outbox_id", replacedId == null ? "" : replacedId);
            putMetaText("reset_reason", replacedBecause);
        }
        // last_seq is written with folds and deletes; the newest row may carry a higher one (an outbox written
        // before the journal). So the larger of the two is at least every number ever committed to SQLite.
        this.foldedSeq = Math.max(Long.parseLong(meta("last_seq", "0")), maxSeq("fixes"));
        this.dropped = Long.parseLong(meta("dropped", "0"));
        this.skipped = Long.parseLong(meta("skipped", "0"));
        String previous = meta("previous_outbox_id", null);
        this.previousOutboxId = previous == null || previous.isEmpty() ? null : previous;
        this.resetReason = meta("reset_reason", null);
        this.lastTelemetrySeq = Math.max(Long.parseLong(meta("last_telemetry_seq", "0")), maxSeq("telemetry"));
        this.tableDepth = count("fixes");
        this.telemetryDepth = count("telemetry");
        this.ackedUpTo = tableDepth == 0 ? foldedSeq : minSeq() - 1;
        this.insertFix = connection.prepareStatement("""
                INSERT INTO fixes (seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        this.setMeta = connection.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
        this.selectBetween = connection.prepareStatement("""
                SELECT seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type
                FROM fixes WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ?""");
        this.deleteUpTo = connection.prepareStatement("DELETE FROM fixes WHERE seq <= ?");
        this.dropOldest = connection.prepareStatement(
                "DELETE FROM fixes WHERE seq IN (SELECT seq FROM fixes ORDER BY seq LIMIT ?)");
        this.insertReading = connection.prepareStatement(
                "INSERT INTO telemetry (seq, time, name, value) VALUES (?, ?, ?, ?)");
        this.selectReadings = connection.prepareStatement(
                "SELECT seq, time, name, value FROM telemetry WHERE seq > ? ORDER BY seq LIMIT ?");
        this.deleteReadingsUpTo = connection.prepareStatement("DELETE FROM telemetry WHERE seq <= ?");
        try {
            this.journal = FixJournal.open(journalFile, outboxId, FOLD_EVERY,
                    settings.durability() == OutboxSettings.Durability.FULL, foldedSeq);
        } catch (IOException e) {
            throw new SQLException("cannot open the fix journal " + journalFile + ": " + e.getMessage(), e);
        }
        try {
            recoverJournal();
        } catch (SQLException | RuntimeException e) {
            closeJournal();
            throw e;
        }
    }

    /**
     * Moves the fixes the journal held at open into SQLite in one commit, with the meta rows the open made:
     * those numbered above SQLite's last seq. Those at or below it were moved before a crash that came
     * between the fold's commit and the journal's reset.
     */
    private void recoverJournal() throws SQLException {
        for (Position fix : journal.recovered()) {
            if (fix.seq() > foldedSeq) {
                journaled.addLast(fix);
            }
        }
        this.lastSeq = journaled.isEmpty() ? foldedSeq : journaled.getLast().seq();
        // Kept from an earlier open until the server confirms: a rollback may go back to before this open. The
        // journal's fixes were numbered before this open, as if they had been in SQLite all along.
        this.unconfirmedFrom = Long.parseLong(metaOrPut("unconfirmed_from", lastSeq));
        this.unconfirmedTelemetryFrom = Long.parseLong(metaOrPut("unconfirmed_telemetry_from", lastTelemetrySeq));
        if (journal.size() == 0 && journal.seqBase() == foldedSeq) {
            connection.commit();
            return;
        }
        if (!journaled.isEmpty()) {
            Logger.info("Moving {} fix(es) ({}..{}) from the journal {} into the outbox", journaled.size(),
                    journaled.getFirst().seq(), lastSeq, journal);
        }
        fold(null);
    }

    /**
     * Opens the outbox file, creating it (and a new outbox id) when it does not exist.
     *
     * @throws OutboxCorruptException when the file is not a SQLite database or is damaged
     */
    public static Outbox open(Path file, OutboxSettings settings) throws SQLException {
        return open(file, settings, null, null);
    }

    /**
     * As {@link #open(Path, OutboxSettings)}; a new outbox made here records that it replaced outbox
     * {@code replacedId} (null when unknown) because of {@code replacedBecause}, to tell the server.
     */
    static Outbox open(Path file, OutboxSettings settings, String replacedId, String replacedBecause)
            throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("cannot create the folder of outbox " + file + ": " + e.getMessage(), e);
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try {
            return new Outbox(connection, FixJournal.fileOf(file), settings, replacedId, replacedBecause);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            if (OutboxCorruptException.isCorruption(e) && !(e instanceof OutboxCorruptException)) {
                throw new OutboxCorruptException(e.getMessage(), e);
            }
            throw e;
        }
    }

    private static String quickCheck(Statement s) throws SQLException {
        StringBuilder problems = new StringBuilder();
        try (ResultSet rows = s.executeQuery("PRAGMA quick_check(5)")) {
            while (rows.next()) {
                problems.append(problems.isEmpty() ? "" : "; ").append(rows.getString(1));
            }
        }
        return problems.toString();
    }

    public static Outbox open(Path file) throws SQLException {
        return open(file, OutboxSettings.defaults());
    }

    private String readOrCreateId() throws SQLException {
        String id = meta("outbox_id", null);
        if (id != null) {
            return id;
        }
        id = UUID.randomUUID().toString();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO meta (key, value) VALUES ('outbox_id', ?), ('last_seq', '0')")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        return id;
    }

    private String meta(String key, String fallback) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : fallback;
            }
        }
    }

    private String metaOrPut(String key, long value) throws SQLException {
        String stored = meta(key, null);
        if (stored != null) {
            return stored;
        }
        putMeta(key, value);
        return Long.toString(value);
    }

    private void putMetaText(String key, String value) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, value);
            insert.executeUpdate();
        }
    }

    private void putMeta(String key, long value) throws SQLException {
        if (setMeta == null) {
            putMetaText(key, Long.toString(value));
            return;
        }
        setMeta.setString(1, key);
        setMeta.setString(2, Long.toString(value));
        setMeta.executeUpdate();
    }

    private long maxSeq(String table) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(seq), 0) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private long minSeq() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT min(seq) FROM fixes")) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Rewrites an outbox made with bigger pages (every outbox before this version: 4 KB) with
     * {@link #PAGE_SIZE}, when it is small enough that the one-off rewrite costs less than a day of fixes.
     * Out of WAL for the VACUUM, as SQLite requires, and back; a crash in between leaves a valid file.
     */
    private void repageIfSmall() throws SQLException {
        try (Statement s = connection.createStatement()) {
            long pageSize;
            try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
                r.next();
                pageSize = r.getLong(1);
            }
            if (pageSize == PAGE_SIZE || count("fixes") + count("telemetry") > REPAGE_MAX_ROWS) {
                return;
            }
            s.execute("PRAGMA journal_mode=DELETE");
            s.execute("PRAGMA page_size=" + PAGE_SIZE);
            s.execute("VACUUM");
            s.execute("PRAGMA journal_mode=WAL");
            Logger.info("Outbox rewritten with {}-byte pages (was {}), to write less per fix", PAGE_SIZE, pageSize);
        }
    }

    private long count(String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public String outboxId() {
        return outboxId;
    }

    /** The sequence number of the newest fix ever appended (0 for a new outbox). */
    @Override
    public long lastSeq() {
        return lastSeq;
    }

    /** Fixes waiting for an ack. */
    @Override
    public long depth() {
        return tableDepth + journaled.size();
    }

    /** Fixes this outbox has dropped, ever, because it was full. */
    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public long skipped() {
        return skipped;
    }

    @Override
    public String previousOutboxId() {
        return previousOutboxId;
    }

    @Override
    public String resetReason() {
        return resetReason;
    }

    @Override
    public long serverHolds(long highestSeq, long highestTelemetrySeq) throws SQLException {
        long fixShift = 0;
        long readingShift = 0;
        if (highestSeq > lastSeq && journal.size() > 0) {
            // The shift renumbers rows in SQLite: the journal's fixes must be there too.
            fold(null);
        }
        try {
            deleteAcknowledged();
            if (highestSeq > lastSeq) {
                long from = unconfirmedFrom < 0 ? lastSeq : Math.min(unconfirmedFrom, lastSeq);
                fixShift = highestSeq - from;
                shift("fixes", from, fixShift);
                putMeta("last_seq", lastSeq + fixShift);
            }
            if (highestTelemetrySeq > lastTelemetrySeq) {
                long from = unconfirmedTelemetryFrom < 0 ? lastTelemetrySeq
                        : Math.min(unconfirmedTelemetryFrom, lastTelemetrySeq);
                readingShift = highestTelemetrySeq - from;
                shift("telemetry", from, readingShift);
                putMeta("last_telemetry_seq", lastTelemetrySeq + readingShift);
            }
            if (fixShift + readingShift > 0) {
                putMeta("skipped", skipped + fixShift + readingShift);
            }
            // Confirmed: the server holds nothing above what this outbox numbered. The next open starts anew.
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("DELETE FROM meta WHERE key IN ('unconfirmed_from', 'unconfirmed_telemetry_from')");
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        lastTelemetrySeq += readingShift;
        if (fixShift > 0) {
            lastSeq += fixShift;
            foldedSeq = lastSeq;
            ackedUpTo = tableDepth == 0 ? lastSeq : minSeq() - 1;
            connection.commit();
            resetJournal();
        }
        skipped += fixShift + readingShift;
        unconfirmedFrom = -1;
        unconfirmedTelemetryFrom = -1;
        return fixShift + readingShift;
    }

    /** Adds {@code by} to every seq above {@code above}; through negatives, so no two rows ever share a key. */
    private void shift(String table, long above, long by) throws SQLException {
        try (PreparedStatement out = connection.prepareStatement(
                     "UPDATE " + table + " SET seq = -(seq + ?) WHERE seq > ?");
             Statement back = connection.createStatement()) {
            out.setLong(1, by);
            out.setLong(2, above);
            out.executeUpdate();
            back.executeUpdate("UPDATE " + table + " SET seq = -seq WHERE seq < 0");
        }
    }

    /**
     * Everything up to this sequence number is gone from the outbox (acknowledged or dropped): one less
     * than the oldest pending fix, or {@link #lastSeq()} when nothing is pending.
     */
    @Override
    public long floor() throws SQLException {
        if (depth() == 0) {
            return lastSeq;
        }
        if (tableDepth == 0) {
            return journaled.getFirst().seq() - 1;
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT min(seq) FROM fixes WHERE seq > ?")) {
            s.setLong(1, ackedUpTo);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long oldest = r.getLong(1);
                connection.commit();
                return oldest - 1;
            }
        }
    }

    /**
     * Keeps a fix and returns it numbered; with {@code buffer.sync = full} the fix is on disk when this returns.
     * It goes into the journal, or, when the journal or the outbox is full, into SQLite with the fold.
     */
    @Override
    public Position append(Fix fix) throws SQLException {
        Position position = new Position(lastSeq + 1, fix);
        if (journal.size() >= FOLD_EVERY || depth() + 1 > settings.maxFixes()) {
            // A full outbox drops its oldest fix in SQLite, in the commit that takes this one with its count.
            fold(position);
            return position;
        }
        try {
            journal.append(position.seq(), fix);
        } catch (IOException e) {
            throw new SQLException("cannot write fix " + position.seq() + " to the journal " + journal + ": "
                    + e.getMessage(), e);
        }
        journaled.addLast(position);
        lastSeq = position.seq();
        return position;
    }

    /**
     * Moves the journaled fixes that are still pending, and {@code extra} (a fix not journaled, or null), into
     * SQLite in one commit with {@code last_seq} and the bounds, then empties the journal. A fix acknowledged
     * while journaled is never written to SQLite; {@code last_seq} keeps its number.
     */
    private void fold(Position extra) throws SQLException {
        List<Position> moving = new ArrayList<>(journaled);
        if (extra != null) {
            moving.add(extra);
        }
        long newest = extra == null ? lastSeq : extra.seq();
        // With buffer.sync = normal too, the fold's commit is synced (one fsync per fold, not per fix): the
        // journal's reset that follows must never reach the disk before the fixes it forgets.
        boolean syncThisCommit = settings.durability() != OutboxSettings.Durability.FULL;
        if (syncThisCommit) {
            synchronous(OutboxSettings.Durability.FULL);
        }
        long droppedNow;
        try {
            for (Position position : moving) {
                insert(position);
            }
            droppedNow = enforceBounds(tableDepth + moving.size());
            putMeta("last_seq", newest);
            if (droppedNow > 0) {
                putMeta("dropped", dropped + droppedNow);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (syncThisCommit) {
                restoreSynchronous();
            }
            throw e;
        }
        journaled.clear();
        tableDepth += moving.size() - droppedNow;
        lastSeq = newest;
        foldedSeq = newest;
        if (droppedNow > 0) {
            dropped += droppedNow;
            Logger.warn("Outbox full: dropped the {} oldest fix(es); {} dropped in all", droppedNow, dropped);
        }
        if (syncThisCommit) {
            restoreSynchronous();
        }
        resetJournal();
    }

    /**
     * Sets SQLite's {@code synchronous}, which it refuses inside a transaction: so outside one, committing what
     * the caller had open (at most meta rows of the open, or a delete of acknowledged fixes on close).
     */
    private void synchronous(OutboxSettings.Durability level) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA synchronous=" + level.name());
        } finally {
            connection.setAutoCommit(false);
        }
    }

    private void restoreSynchronous() {
        try {
            synchronous(settings.durability());
        } catch (SQLException e) {
            Logger.warn("Could not set the outbox back to buffer.sync = {} after a fold (it syncs every commit "
                    + "until restarted): {}", settings.durability().name().toLowerCase(java.util.Locale.ROOT),
                    e.getMessage());
        }
    }

    /** Empties the journal after a fold; a failure here only delays it (see {@link FixJournal#reset}). */
    private void resetJournal() {
        try {
            journal.reset(foldedSeq);
        } catch (IOException e) {
            Logger.warn("Could not reset the journal {} after moving its fixes into the outbox (tried again with the "
                    + "next fix): {}", journal, e.getMessage());
        }
    }

    private void insert(Position position) throws SQLException {
        Fix fix = position.fix();
        insertFix.setLong(1, position.seq());
        insertFix.setLong(2, fix.time().toEpochMilli());
        insertFix.setDouble(3, fix.latitude());
        insertFix.setDouble(4, fix.longitude());
        setOptional(insertFix, 5, fix.speed());
        setOptional(insertFix, 6, fix.course());
        setOptional(insertFix, 7, fix.altitude());
        setOptional(insertFix, 8, fix.hdop());
        if (fix.satellites() == null) {
            insertFix.setNull(9, Types.INTEGER);
        } else {
            insertFix.setInt(9, fix.satellites());
        }
        insertFix.setString(10, fix.fixType() == null ? null : fix.fixType().wireName());
        insertFix.executeUpdate();
    }

    /** Drops the oldest fixes past the count and byte bounds, in the caller's transaction (a fold's). */
    private long enforceBounds(long depthAfterInsert) throws SQLException {
        long overCount = depthAfterInsert - settings.maxFixes();
        long droppedNow = 0;
        if (overCount > 0) {
            // Acknowledged fixes go first: the oldest rows must be pending ones to be counted as dropped.
            deleteAcknowledged();
            droppedNow += drop(overCount);
        }
        long remaining = depthAfterInsert - droppedNow;
        if (ackedInTable > 0 && bytesInUse() > settings.maxBytes()) {
            deleteAcknowledged();
        }
        while (bytesInUse() > settings.maxBytes() && remaining > 1) {
            long n = drop(Math.max(1, remaining / 100));
            droppedNow += n;
            remaining -= n;
        }
        return droppedNow;
    }

    /** Deletes the oldest rows; the fold writes {@code last_seq}, as the table may be empty afterwards. */
    private long drop(long oldest) throws SQLException {
        dropOldest.setLong(1, oldest);
        return dropOldest.executeUpdate();
    }

    /**
     * Deletes the acknowledged fixes still in the table, in the caller's transaction, with last_seq: the
     * table may be empty afterwards, and the next number must not go back. Only as far as SQLite goes: the
     * journal's own fixes are numbered above it.
     */
    private void deleteAcknowledged() throws SQLException {
        if (ackedInTable == 0) {
            return;
        }
        deleteUpTo.setLong(1, ackedUpTo);
        deleteUpTo.executeUpdate();
        putMeta("last_seq", foldedSeq);
        ackedInTable = 0;
    }

    /** Pages holding data, not counting free pages SQLite keeps for reuse. */
    private long bytesInUse() throws SQLException {
        try (Statement s = connection.createStatement()) {
            long pages = single(s, "PRAGMA page_count");
            long free = single(s, "PRAGMA freelist_count");
            long pageSize = single(s, "PRAGMA page_size");
            return (pages - free) * pageSize;
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Up to {@code limit} pending fixes with {@code after < seq < before}, oldest first: from SQLite, then
     * from the journal, whose numbers are all higher.
     */
    @Override
    public List<Position> pendingBetween(long after, long before, int limit) throws SQLException {
        long above = Math.max(after, ackedUpTo);
        List<Position> out = new ArrayList<>();
        if (tableDepth > 0 && above < foldedSeq) {
            selectBetween.setLong(1, above);
            selectBetween.setLong(2, before);
            selectBetween.setInt(3, limit);
            try (ResultSet rows = selectBetween.executeQuery()) {
                while (rows.next()) {
                    out.add(new Position(rows.getLong(1), readFix(rows)));
                }
            }
            connection.commit();
        }
        for (Position position : journaled) {
            if (out.size() >= limit || position.seq() >= before) {
                break;
            }
            if (position.seq() > above) {
                out.add(position);
            }
        }
        return out;
    }

    /** Up to {@code limit} pending fixes with a sequence number above {@code afterSeq}, oldest first. */
    public List<Position> pendingAfter(long afterSeq, int limit) throws SQLException {
        return pendingBetween(afterSeq, Long.MAX_VALUE, limit);
    }

    /** The newest pending fix, or null when nothing is pending. */
    @Override
    public Position newestPending() throws SQLException {
        if (depth() == 0) {
            return null;
        }
        if (!journaled.isEmpty()) {
            return journaled.getLast();
        }
        List<Position> newest = pendingBetween(lastSeq - 1, Long.MAX_VALUE, 1);
        return newest.isEmpty() ? null : newest.get(0);
    }

    /**
     * Marks every fix the server's cumulative ack covers as gone: none is read or sent again. They are
     * deleted from the file {@link #DELETE_BATCH} at a time (and on close), in one statement and one commit.
     *
     * @return how many pending fixes the ack covered
     */
    @Override
    public int acknowledge(long upToSeq) throws SQLException {
        long upTo = Math.min(upToSeq, lastSeq);
        if (upTo <= ackedUpTo) {
            return 0;
        }
        int inTable = 0;
        if (tableDepth > 0) {
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT count(*) FROM fixes WHERE seq > ? AND seq <= ?")) {
                s.setLong(1, ackedUpTo);
                s.setLong(2, upTo);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    inTable = r.getInt(1);
                }
            }
        }
        int inJournal = 0;
        while (!journaled.isEmpty() && journaled.getFirst().seq() <= upTo) {
            journaled.removeFirst();
            inJournal++;
        }
        ackedUpTo = upTo;
        ackedInTable += inTable;
        tableDepth -= inTable;
        try {
            if (ackedInTable >= DELETE_BATCH) {
                deleteAcknowledged();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        return inTable + inJournal;
    }

    /** Moves the journal's fixes into SQLite now, as when it fills: for tests of what a fold leaves. */
    void foldNow() throws SQLException {
        fold(null);
    }

    /** Acknowledged fixes not yet deleted from the file (at most {@link #DELETE_BATCH} - 1 between calls). */
    long acknowledgedInFile() {
        return ackedInTable;
    }

    /** Commits a telemetry reading and returns it numbered. */
    @Override
    public Telemetry.Reading appendReading(Instant time, String name, String value) throws SQLException {
        long seq = lastTelemetrySeq + 1;
        long droppedNow = 0;
        try {
            insertReading.setLong(1, seq);
            if (time == null) {
                insertReading.setNull(2, Types.INTEGER);
            } else {
                insertReading.setLong(2, time.toEpochMilli());
            }
            insertReading.setString(3, name);
            insertReading.setString(4, value);
            insertReading.executeUpdate();
            // No last_telemetry_seq here: this row carries it until a delete writes it.
            if (telemetryDepth + 1 > OutboxSettings.MAX_TELEMETRY) {
                try (PreparedStatement drop = connection.prepareStatement(
                        "DELETE FROM telemetry WHERE seq IN (SELECT seq FROM telemetry ORDER BY seq LIMIT 1)")) {
                    droppedNow = drop.executeUpdate();
                }
                putMeta("last_telemetry_seq", seq);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        lastTelemetrySeq = seq;
        telemetryDepth = telemetryDepth + 1 - droppedNow;
        return new Telemetry.Reading(seq, time, name, value);
    }

    /** Up to {@code limit} pending readings after {@code afterSeq}, oldest first. */
    @Override
    public List<Telemetry.Reading> pendingReadings(long afterSeq, int limit) throws SQLException {
        selectReadings.setLong(1, afterSeq);
        selectReadings.setInt(2, limit);
        List<Telemetry.Reading> out = new ArrayList<>();
        try (ResultSet rows = selectReadings.executeQuery()) {
            while (rows.next()) {
                long time = rows.getLong(2);
                Instant at = rows.wasNull() ? null : Instant.ofEpochMilli(time);
                out.add(new Telemetry.Reading(rows.getLong(1), at, rows.getString(3), rows.getString(4)));
            }
        }
        connection.commit();
        return out;
    }

    /** Everything up to this telemetry number is gone from the outbox. */
    @Override
    public long telemetryFloor() throws SQLException {
        List<Telemetry.Reading> oldest = pendingReadings(0, 1);
        return oldest.isEmpty() ? lastTelemetrySeq : oldest.get(0).seq() - 1;
    }

    @Override
    public int acknowledgeReadings(long upToSeq) throws SQLException {
        int deleted;
        try {
            deleteReadingsUpTo.setLong(1, upToSeq);
            deleted = deleteReadingsUpTo.executeUpdate();
            if (deleted > 0) {
                putMeta("last_telemetry_seq", lastTelemetrySeq);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        telemetryDepth -= deleted;
        return deleted;
    }

    private static Fix readFix(ResultSet rows) throws SQLException {
        Instant time = Instant.ofEpochMilli(rows.getLong(2));
        double lat = rows.getDouble(3);
        double lon = rows.getDouble(4);
        Double speed = optional(rows, 5);
        Double course = optional(rows, 6);
        Double alt = optional(rows, 7);
        Double hdop = optional(rows, 8);
        int sats = rows.getInt(9);
        Integer satellites = rows.wasNull() ? null : sats;
        return new Fix(time, lat, lon, speed, course, alt, hdop, satellites, FixType.fromWireName(rows.getString(10)));
    }

    private static Double optional(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private static void setOptional(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.REAL);
        } else {
            statement.setDouble(index, value);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            deleteAcknowledged();
            if (journal.size() > 0) {
                fold(null);
            } else {
                connection.commit();
            }
        } catch (SQLException e) {
            Logger.warn("Could not move the journal's fixes into the outbox or delete the acknowledged ones on close "
                    + "(done on the next open; acknowledged ones are sent again): {}", e.getMessage());
        }
        closeJournal();
        for (PreparedStatement statement : List.of(insertFix, setMeta, selectBetween, deleteUpTo, dropOldest,
                insertReading, selectReadings, deleteReadingsUpTo)) {
            statement.close();
        }
        connection.close();
    }

    private void closeJournal() {
        try {
            journal.close();
        } catch (IOException e) {
            Logger.warn("Could not close the journal {}: {}", journal, e.getMessage());
        }
    }
}
