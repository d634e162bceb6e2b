package com.bikefleet.sim;

import com.bikefleet.agent.outbox.FixOutbox;
import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Telemetry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * An outbox in memory, for virtual bikes: the same numbering, floor, bounds and ack rules as the agent's durable
 * {@link Outbox}, without a file. It survives nothing, which is why it lives here and not in the agent's jar.
 *
 * <p>Pending fixes are kept in columns of primitives (about 60 bytes a fix), so a simulated day-long
 * backlog of 86,400 fixes for each of a hundred bikes fits in a heap of a gigabyte. Sequence numbers of
 * pending fixes are contiguous (only the oldest are ever removed), so a fix is found by arithmetic.
 *
 * <p>Not thread-safe: one thread owns it (the virtual bike's worker).
 */
final class MemoryOutbox implements FixOutbox {

    private static final FixType[] FIX_TYPES = FixType.values();

    private final String outboxId;
    private final long maxFixes;
    /** Sequence number of the fix at index {@code head}. */
    private long headSeq = 1;
    private int head;
    private int tail;
    private long[] time = new long[16];
    private double[] lat = new double[16];
    private double[] lon = new double[16];
    /** Optional doubles; NaN means absent. */
    private double[] speed = new double[16];
    private double[] course = new double[16];
    private double[] alt = new double[16];
    private double[] hdop = new double[16];
    /** -1 means absent. */
    private int[] sats = new int[16];
    /** Ordinal of the fix type, -1 when absent. */
    private byte[] fixType = new byte[16];
    private long dropped;
    private long skipped;

    private final Deque<Telemetry.Reading> readings = new ArrayDeque<>();
    private long lastTelemetrySeq;

    MemoryOutbox(long maxFixes) {
        this(UUID.randomUUID().toString(), maxFixes);
    }

    MemoryOutbox(String outboxId, long maxFixes) {
        if (maxFixes < 1) {
            throw new IllegalArgumentException("maxFixes must be at least 1, was " + maxFixes);
        }
        this.outboxId = outboxId;
        this.maxFixes = maxFixes;
    }

    @Override
    public String outboxId() {
        return outboxId;
    }

    @Override
    public long lastSeq() {
        return headSeq + (tail - head) - 1;
    }

    @Override
    public long depth() {
        return tail - head;
    }

    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public long skipped() {
        return skipped;
    }

    /** Everything here was numbered by this process, so pending fixes and readings all move above the server's. */
    @Override
    public long serverHolds(long highestSeq, long highestTelemetrySeq) {
        long skippedNow = 0;
        if (highestSeq >= headSeq && highestSeq > lastSeq()) {
            long shift = highestSeq - (headSeq - 1);
            headSeq += shift;
            skippedNow += shift;
        }
        long oldestReading = readings.isEmpty() ? lastTelemetrySeq + 1 : readings.peekFirst().seq();
        if (highestTelemetrySeq >= oldestReading && highestTelemetrySeq > lastTelemetrySeq) {
            long shift = highestTelemetrySeq - (oldestReading - 1);
            List<Telemetry.Reading> moved = new ArrayList<>(readings.size());
            for (Telemetry.Reading r : readings) {
                moved.add(new Telemetry.Reading(r.seq() + shift, r.time(), r.name(), r.value()));
            }
            readings.clear();
            readings.addAll(moved);
            lastTelemetrySeq += shift;
            skippedNow += shift;
        }
        skipped += skippedNow;
        return skippedNow;
    }

    @Override
    public long floor() {
        return headSeq - 1;
    }

    @Override
    public Position append(Fix fix) {
        if (tail == time.length) {
            makeRoom();
        }
        int i = tail++;
        time[i] = fix.time().toEpochMilli();
        lat[i] = fix.latitude();
        lon[i] = fix.longitude();
        speed[i] = orNaN(fix.speed());
        course[i] = orNaN(fix.course());
        alt[i] = orNaN(fix.altitude());
        hdop[i] = orNaN(fix.hdop());
        sats[i] = fix.satellites() == null ? -1 : fix.satellites();
        fixType[i] = (byte) (fix.fixType() == null ? -1 : fix.fixType().ordinal());
        long seq = lastSeq();
        if (depth() > maxFixes) {
            long over = depth() - maxFixes;
            removeOldest(over);
            dropped += over;
        }
        return new Position(seq, fix);
    }

    /** Compacts when at least half the array is acknowledged space, otherwise grows it. */
    private void makeRoom() {
        int live = tail - head;
        int capacity = live * 2 <= time.length ? time.length : time.length * 2;
        time = move(time, capacity, live);
        lat = move(lat, capacity, live);
        lon = move(lon, capacity, live);
        speed = move(speed, capacity, live);
        course = move(course, capacity, live);
        alt = move(alt, capacity, live);
        hdop = move(hdop, capacity, live);
        sats = move(sats, capacity, live);
        fixType = move(fixType, capacity, live);
        head = 0;
        tail = live;
    }

    private long[] move(long[] from, int capacity, int live) {
        long[] to = capacity == from.length ? from : new long[capacity];
        System.arraycopy(from, head, to, 0, live);
        return to;
    }

    private double[] move(double[] from, int capacity, int live) {
        double[] to = capacity == from.length ? from : new double[capacity];
        System.arraycopy(from, head, to, 0, live);
        return to;
    }

    private int[] move(int[] from, int capacity, int live) {
        int[] to = capacity == from.length ? from : new int[capacity];
        System.arraycopy(from, head, to, 0, live);
        return to;
    }

    private byte[] move(byte[] from, int capacity, int live) {
        byte[] to = capacity == from.length ? from : new byte[capacity];
        System.arraycopy(from, head, to, 0, live);
        return to;
    }

    private void removeOldest(long count) {
        long n = Math.min(count, depth());
        head += (int) n;
        headSeq += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    @Override
    public List<Position> pendingBetween(long after, long before, int limit) {
        long from = Math.max(after + 1, headSeq);
        long to = Math.min(before, lastSeq() + 1);
        if (from >= to || limit <= 0) {
            return List.of();
        }
        int count = (int) Math.min(limit, to - from);
        List<Position> out = new ArrayList<>(count);
        int index = head + (int) (from - headSeq);
        for (int k = 0; k < count; k++) {
            out.add(new Position(from + k, fixAt(index + k)));
        }
        return out;
    }

    @Override
    public Position newestPending() {
        return depth() == 0 ? null : new Position(lastSeq(), fixAt(tail - 1));
    }

    private Fix fixAt(int i) {
        return new Fix(Instant.ofEpochMilli(time[i]), lat[i], lon[i], orNull(speed[i]), orNull(course[i]),
                orNull(alt[i]), orNull(hdop[i]), sats[i] < 0 ? null : sats[i],
                fixType[i] < 0 ? null : FIX_TYPES[fixType[i]]);
    }

    @Override
    public int acknowledge(long upToSeq) {
        long covered = Math.min(upToSeq, lastSeq()) - headSeq + 1;
        if (covered <= 0) {
            return 0;
        }
        removeOldest(covered);
        return (int) covered;
    }

    @Override
    public Telemetry.Reading appendReading(Instant at, String name, String value) {
        Telemetry.Reading reading = new Telemetry.Reading(++lastTelemetrySeq, at, name, value);
        readings.addLast(reading);
        if (readings.size() > OutboxSettings.MAX_TELEMETRY) {
            readings.removeFirst();
        }
        return reading;
    }

    @Override
    public List<Telemetry.Reading> pendingReadings(long afterSeq, int limit) {
        List<Telemetry.Reading> out = new ArrayList<>();
        for (Telemetry.Reading reading : readings) {
            if (out.size() >= limit) {
                break;
            }
            if (reading.seq() > afterSeq) {
                out.add(reading);
            }
        }
        return out;
    }

    @Override
    public long telemetryFloor() {
        return readings.isEmpty() ? lastTelemetrySeq : readings.peekFirst().seq() - 1;
    }

    @Override
    public int acknowledgeReadings(long upToSeq) {
        int deleted = 0;
        while (!readings.isEmpty() && readings.peekFirst().seq() <= upToSeq) {
            readings.removeFirst();
            deleted++;
        }
        return deleted;
    }

    @Override
    public void close() {
        // Nothing to release: the fixes go with the object.
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
