package com.bikefleet.agent.outbox;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.tinylog.Logger;

/**
 * The outbox's first tier: each fix as one fixed-size record in a plain file beside the SQLite outbox
 * ({@code <outbox file>.journal}; not SQLite's own {@code -journal}). With {@code buffer.sync = full} taking a
 * fix costs one record written in place and one {@code fdatasync}: one 4 KB page, where a SQLite commit
 * costs a write-ahead log frame that often spans two pages, its {@code -shm} index and later a checkpoint.
 * {@link Outbox} moves the records into SQLite in batches (a fold) and then {@link #reset}s the journal.
 *
 * <p>Layout: slot 0 is the header (magic, format version, generation, seq base, a key of the outbox id,
 * CRC32); slot {@code i} holds the fix numbered {@code seqBase + i}, with the header's generation and a
 * CRC32. The file is made at its full size with zeros written, not sparse, and synced once, so an append
 * changes neither the file's size nor its blocks: {@code fdatasync} then writes the data page and no
 * filesystem metadata. A reset writes a new header with the next generation instead of truncating (a
 * truncation is a metadata write); the old generation's records become stale and are overwritten in turn.
 *
 * <p>Reading stops at the first record that is damaged, of another generation, or not the next number: a
 * torn last write is an append that never returned, so no fix that was counted as taken is lost.
 *
 * <p>Not thread-safe: the outbox's thread owns it and its one channel.
 */
public final class FixJournal implements AutoCloseable {

    /**
     * 128 bytes, not 64: a fix with every optional value as a double is 92 bytes with its seq, generation and
     * CRC. A power of two below 4096, so no record ever crosses a page and one append dirties one page.
     */
    static final int RECORD_BYTES = 128;
    private static final int CRC_AT = RECORD_BYTES - Integer.BYTES;
    private static final int PAGE_BYTES = 4096;
    private static final int MAGIC = 0x424A524E; // "BJRN"
    private static final int VERSION = 1;
    private static final int KEY_BYTES = 16;
    private static final int FIX_TYPE_BYTES = 8;

    private static final int SPEED = 1;
    private static final int COURSE = 1 << 1;
    private static final int ALTITUDE = 1 << 2;
    private static final int HDOP = 1 << 3;
    private static final int SATELLITES = 1 << 4;
    private static final int FIX_TYPE = 1 << 5;

    private final Path file;
    private final FileChannel channel;
    private final byte[] outboxKey;
    private final int capacity;
    private final boolean force;
    private final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
    private final List<Position> recovered;
    private long generation;
    private long seqBase;
    private int size;
    /** False after a reset whose header write failed: the next append writes it first. */
    private boolean headerOnDisk;

    private FixJournal(Path file, FileChannel channel, byte[] outboxKey, int capacity, boolean force,
                       Header header, List<Position> recovered) {
        this.file = file;
        this.channel = channel;
        this.outboxKey = outboxKey;
        this.capacity = capacity;
        this.force = force;
        this.generation = header.generation();
        this.seqBase = header.seqBase();
        this.recovered = List.copyOf(recovered);
        this.size = recovered.size();
        this.headerOnDisk = true;
    }

    /** The journal of an outbox file: {@code <outbox file>.journal} beside it. */
    public static Path fileOf(Path outboxFile) {
        return outboxFile.resolveSibling(outboxFile.getFileName() + ".journal");
    }

    /**
     * Opens the journal of outbox {@code outboxId}, reading the fixes it holds ({@link #recovered()}), or makes a
     * new one numbering on from {@code seqBase} when the file is missing, unreadable or another outbox's.
     *
     * @param capacity fixes the journal holds at most; the file is made that big
     * @param force    whether every append and reset is synced to the disk before it returns
     */
    static FixJournal open(Path file, String outboxId, int capacity, boolean force, long seqBase) throws IOException {
        byte[] key = keyOf(outboxId);
        boolean existed = Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long length = (capacity + 1L) * RECORD_BYTES;
            ByteBuffer content = existed ? readAll(channel) : ByteBuffer.allocate(0);
            Header header = existed ? usableHeader(content, key, file, true) : null;
            if (header == null) {
                header = new Header(1, seqBase);
                // Zeros over everything, so no record of an earlier journal in this file can pass for a new one.
                writeZeros(channel, 0, Math.max(length, channel.size()));
                writeFully(channel, encodeHeader(header, key), 0);
                channel.force(true);
                if (!existed) {
                    syncFolder(file);
                }
                return new FixJournal(file, channel, key, capacity, force, header, List.of());
            }
            if (channel.size() < length) {
                writeZeros(channel, channel.size(), length);
                channel.force(true);
            }
            List<Position> fixes = records(content, header);
            if (fixes.size() > capacity) {
                throw new IOException("the fix journal " + file + " holds " + fixes.size() + " fixes, more than "
                        + capacity);
            }
            return new FixJournal(file, channel, key, capacity, force, header, fixes);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * The fixes the journal of {@code outboxFile} holds for outbox {@code outboxId}, for a look beside a running
     * or stopped agent; empty when there is no such journal. Writes nothing. Fixes the outbox has already moved
     * into SQLite may be among them: those at or below its {@code last_seq} are not pending here.
     */
    public static List<Position> read(Path outboxFile, String outboxId) throws IOException {
        Path file = fileOf(outboxFile);
        if (!Files.exists(file)) {
            return List.of();
        }
        ByteBuffer content;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            content = readAll(channel);
        }
        Header header = usableHeader(content, keyOf(outboxId), file, false);
        return header == null ? List.of() : records(content, header);
    }

    /** The fixes the journal held when it was opened, oldest first. */
    List<Position> recovered() {
        return recovered;
    }

    /** The journal holds the fixes numbered after this one. */
    long seqBase() {
        return seqBase;
    }

    /** Fixes appended since the last reset (or held when opened). */
    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** Writes the fix numbered {@code seq}, the next one after the last; on the disk when this returns if forced. */
    void append(long seq, Fix fix) throws IOException {
        if (seq != seqBase + size + 1) {
            throw new IllegalStateException("the journal's next number is " + (seqBase + size + 1) + ", not " + seq);
        }
        if (size >= capacity) {
            throw new IllegalStateException("the journal is full (" + capacity + " fixes): fold it first");
        }
        if (!headerOnDisk) {
            writeHeader();
        }
        writeFully(channel, encodeFix(seq, fix), (size + 1L) * RECORD_BYTES);
        if (force) {
            channel.force(false);
        }
        size++;
    }

    /**
     * Empties the journal: a new header with the next generation, numbering on after {@code newSeqBase}. The
     * records of the old one stay in the file, stale. If the header cannot be written the journal is empty all
     * the same, and the next append writes the header first; until then the file still holds the old
     * generation, whose fixes the outbox has already moved into SQLite.
     */
    void reset(long newSeqBase) throws IOException {
        generation++;
        seqBase = newSeqBase;
        size = 0;
        headerOnDisk = false;
        writeHeader();
    }

    private void writeHeader() throws IOException {
        writeFully(channel, encodeHeader(new Header(generation, seqBase), outboxKey), 0);
        if (force) {
            channel.force(false);
        }
        headerOnDisk = true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return file.toString();
    }

    private record Header(long generation, long seqBase) {
    }

    private static ByteBuffer encodeHeader(Header header, byte[] key) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_BYTES);
        b.putInt(MAGIC).putInt(VERSION).putLong(header.generation()).putLong(header.seqBase()).put(key);
        return sealed(b);
    }

    private ByteBuffer encodeFix(long seq, Fix fix) {
        ByteBuffer b = record.clear();
        Arrays.fill(b.array(), (byte) 0);
        int present = (fix.speed() == null ? 0 : SPEED) | (fix.course() == null ? 0 : COURSE)
                | (fix.altitude() == null ? 0 : ALTITUDE) | (fix.hdop() == null ? 0 : HDOP)
                | (fix.satellites() == null ? 0 : SATELLITES) | (fix.fixType() == null ? 0 : FIX_TYPE);
        b.putLong(generation).putLong(seq).putLong(fix.time().toEpochMilli())
                .putDouble(fix.latitude()).putDouble(fix.longitude())
                .putDouble(orZero(fix.speed())).putDouble(orZero(fix.course()))
                .putDouble(orZero(fix.altitude())).putDouble(orZero(fix.hdop()))
                .putInt(fix.satellites() == null ? 0 : fix.satellites()).putInt(present);
        // By wire name, as the SQLite tier stores it: stays readable whatever order the enum's constants take.
        byte[] type = fix.fixType() == null ? new byte[0] : fix.fixType().wireName().getBytes(StandardCharsets.US_ASCII);
        b.put(Arrays.copyOf(type, FIX_TYPE_BYTES));
        return sealed(b);
    }

    /** The record in slot {@code at} of {@code content}, or null when it is not a fix of this header's journal. */
    private static Position decodeFix(ByteBuffer content, int at, Header header, long expectedSeq) {
        ByteBuffer b = content.slice(at, RECORD_BYTES);
        if (!crcMatches(b) || b.getLong(0) != header.generation() || b.getLong(8) != expectedSeq) {
            return null;
        }
        b.position(16);
        Instant time = Instant.ofEpochMilli(b.getLong());
        double lat = b.getDouble();
        double lon = b.getDouble();
        double speed = b.getDouble();
        double course = b.getDouble();
        double altitude = b.getDouble();
        double hdop = b.getDouble();
        int satellites = b.getInt();
        int present = b.getInt();
        byte[] type = new byte[FIX_TYPE_BYTES];
        b.get(type);
        int typeLength = 0;
        while (typeLength < type.length && type[typeLength] != 0) {
            typeLength++;
        }
        FixType fixType = (present & FIX_TYPE) == 0 ? null
                : FixType.fromWireName(new String(type, 0, typeLength, StandardCharsets.US_ASCII));
        Fix fix = new Fix(time, lat, lon, (present & SPEED) == 0 ? null : speed, (present & COURSE) == 0 ? null : course,
                (present & ALTITUDE) == 0 ? null : altitude, (present & HDOP) == 0 ? null : hdop,
                (present & SATELLITES) == 0 ? null : satellites, fixType);
        return new Position(expectedSeq, fix);
    }

    private static List<Position> records(ByteBuffer content, Header header) {
        List<Position> fixes = new ArrayList<>();
        for (int slot = 1; (slot + 1L) * RECORD_BYTES <= content.limit(); slot++) {
            Position fix = decodeFix(content, slot * RECORD_BYTES, header, header.seqBase() + slot);
            if (fix == null) {
                break;
            }
            fixes.add(fix);
        }
        return fixes;
    }

    /** The header in {@code content} when it is intact and this outbox's; null (and why, logged) otherwise. */
    private static Header usableHeader(ByteBuffer content, byte[] key, Path file, boolean opening) {
        String problem = null;
        if (content.limit() < RECORD_BYTES) {
            problem = "it is shorter than its header";
        } else {
            ByteBuffer b = content.slice(0, RECORD_BYTES);
            byte[] stored = new byte[KEY_BYTES];
            b.get(24, stored);
            if (!crcMatches(b) || b.getInt(0) != MAGIC) {
                problem = "its header is damaged or it is no fix journal";
            } else if (b.getInt(4) != VERSION) {
                problem = "it has format version " + b.getInt(4) + ", not " + VERSION;
            } else if (!Arrays.equals(stored, key)) {
                problem = "it belongs to another outbox";
            } else {
                return new Header(b.getLong(8), b.getLong(16));
            }
        }
        if (opening) {
            Logger.warn("The fix journal {} is not used ({}): a new one replaces it; fixes it may hold are not sent",
                    file, problem);
        } else {
            Logger.debug("The fix journal {} is not read: {}", file, problem);
        }
        return null;
    }

    private static ByteBuffer sealed(ByteBuffer b) {
        CRC32 crc = new CRC32();
        crc.update(b.array(), b.arrayOffset(), CRC_AT);
        b.putInt(CRC_AT, (int) crc.getValue());
        return b.clear();
    }

    private static boolean crcMatches(ByteBuffer b) {
        CRC32 crc = new CRC32();
        crc.update(b.duplicate().position(0).limit(CRC_AT));
        return b.getInt(CRC_AT) == (int) crc.getValue();
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    /** The outbox id, hashed to a fixed size: whatever its length, it fits the header. */
    private static byte[] keyOf(String outboxId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(outboxId.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(hash, KEY_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static ByteBuffer readAll(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE) {
            throw new IOException("a fix journal of " + size + " bytes is no fix journal");
        }
        ByteBuffer content = ByteBuffer.allocate((int) size);
        while (content.hasRemaining() && channel.read(content, content.position()) >= 0) {
            // read until full or at the end
        }
        return content.flip();
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long at) throws IOException {
        long position = at;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    /**
     * One page per write: Linux (ext4 since 6.16) may keep a bigger write in the page cache as one bigger folio,
     * and then every record written into it dirties, and writes, all of it (measured: 8 KB per fix after
     * 8 KB writes of zeros, 4 KB after 4 KB ones).
     */
    private static void writeZeros(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(PAGE_BYTES);
        for (long at = from; at < to; at = (at / PAGE_BYTES + 1) * PAGE_BYTES) {
            long pageEnd = (at / PAGE_BYTES + 1) * PAGE_BYTES;
            writeFully(channel, zeros.clear().limit((int) (Math.min(pageEnd, to) - at)), at);
        }
    }

    /** Syncs the new file's folder entry too, so a power cut cannot take the whole journal away. */
    private static void syncFolder(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            Logger.debug("Could not sync the folder {} (not possible on every system): {}", folder, e.getMessage());
        }
    }
}
