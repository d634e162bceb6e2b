package com.bikefleet.sim;

import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.retry.Backoff;
import com.bikefleet.hardware.sim.CityRoute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bike of the lean mode: no agent, GPS or outbox objects, only what the protocol needs. It numbers its
 * fixes 1, 2, ... in one outbox (a new random id per run), keeps the time of each fix not yet acknowledged,
 * and sends each fix as the agent does a live one: a one-fix {@code positions} frame, built from bytes
 * prepared once, with only the floor, seq and time written per fix. The bike stands at the start of its
 * {@link FleetLayout} loop, so the apps' boxes hold it. After a reconnect it sends a hello with its floor and
 * its unacknowledged fixes again (batches of 500, as the agent's backlog), then goes on live; after a 4103 (the
 * store did not take a frame) it does the same on the open connection a few seconds later.
 *
 * <p>Threads: everything runs on its {@link LeanLoop}; {@code lastSeq} and {@code ackedSeq} are volatile
 * for the run's main thread, which reads them at the end.
 */
final class LeanBike extends LeanConnection {

    private static final byte[] ACK = WsWire.ascii("{\"type\":\"ack\",\"seq\":");
    private static final byte[] OUTBOX_STATE = WsWire.ascii("{\"type\":\"outboxState\"");
    private static final byte[] FIXES = WsWire.ascii(",\"fixes\":[");
    private static final byte[] SEQ = WsWire.ascii("{\"seq\":");
    private static final byte[] TIME = WsWire.ascii(",\"time\":\"");
    private static final byte[] END = WsWire.ascii("]}");
    private static final byte[] ERROR = WsWire.ascii("{\"type\":\"error\"");
    private static final byte[] STORE_BUSY = WsWire.ascii("\"code\":" + ProtocolCodes.STORE_BUSY + ",");
    private static final byte[] FIRST_SEQ = WsWire.ascii("\"firstSeq\":");
    private static final byte[] LAST_SEQ = WsWire.ascii("\"lastSeq\":");
    private static final int BATCH = 500;
    /** As the agent after a 4103: what was not taken goes again after a pause drawn from this window. */
    private static final long BUSY_PAUSE_MIN_MILLIS = 2_000;
    private static final long BUSY_PAUSE_MAX_MILLIS = 8_000;

    private final String bikeId;
    private final String outboxId = UUID.randomUUID().toString();
    private final LeanFleet fleet;
    private final long intervalMillis;
    private final byte[] upgrade;
    private final byte[] livePrefix;
    private final byte[] backlogPrefix;
    /** The rest of a fix after its time: position and the agent's optional fields, the same for every fix. */
    private final byte[] fixSuffix;
    private final LeanLoop.Task tick = new LeanLoop.Task() {
        @Override
        void run(long now) {
            report(now);
        }
    };
    /** Fix times (epoch ms) of seq ackedSeq + 1 .. lastSeq at index seq & (length - 1); negative: not measured. */
    private long[] times = new long[16];
    private final LeanLoop.Task resend = new LeanLoop.Task() {
        @Override
        void run(long now) {
            boolean all = resendAll;
            resendAll = false;
            int ranges = refusedCount;
            refusedCount = 0;
            if (!ready) {
                return;
            }
            if (all) {
                sendUnacknowledged();
                return;
            }
            for (int i = 0; i < ranges; i += 2) {
                sendBacklog(refused[i], refused[i + 1]);
            }
        }
    };
    /** Fix seqs the store refused since the last resend, as the agent keeps them: first, last, first, last ... */
    private long[] refused = new long[8];
    private int refusedCount;
    private boolean resendAll;
    private boolean ready;
    private boolean connectedBefore;
    private boolean reporting = true;
    private volatile long lastSeq;
    private volatile long ackedSeq;

    LeanBike(LeanLoop loop, InetSocketAddress server, InetAddress source, Backoff backoff, BikeCredential credential,
             int index, LeanFleet fleet, long intervalMillis) {
        super(loop, server, source, backoff, 512);
        this.bikeId = credential.bikeId();
        this.fleet = fleet;
        this.intervalMillis = intervalMillis;
        this.upgrade = WsWire.ascii("GET /ws/bikes/" + bikeId + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
                + server.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + LeanFleet.WEBSOCKET_KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + credential.token() + "\r\n\r\n");
        this.livePrefix = WsWire.ascii("{\"type\":\"positions\",\"bikeId\":\"" + bikeId + "\",\"live\":true,\"floor\":");
        this.backlogPrefix = WsWire.ascii("{\"type\":\"positions\",\"bikeId\":\"" + bikeId + "\",\"live\":false,\"floor\":");
        CityRoute.Placement at = FleetLayout.route(index).at(0);
        this.fixSuffix = WsWire.ascii(String.format(Locale.ROOT,
                "\",\"lat\":%.6f,\"lon\":%.6f,\"speed\":%.1f,\"course\":%.1f,\"alt\":35.0,\"hdop\":0.9,\"sats\":9,"
                        + "\"fix\":\"3d\"}", at.lat(), at.lon(), 4.0 + index % 5, at.courseDegrees()));
    }

    /** Connects now and reports the first fix after {@code firstDelayMillis}, then every interval. On the loop. */
    void start(long firstDelayMillis) {
        connect();
        loop.schedule(tick, LeanLoop.now() + firstDelayMillis);
    }

    /** No more fixes; the connection stays so the last ones are acknowledged. On the loop. */
    void stopReporting() {
        reporting = false;
    }

    String bikeId() {
        return bikeId;
    }

    String outboxId() {
        return outboxId;
    }

    long lastSeq() {
        return lastSeq;
    }

    long ackedSeq() {
        return ackedSeq;
    }

    private void report(long now) {
        if (!reporting) {
            return;
        }
        // Fixed rate, as the agent's scheduler: a late tick does not shift the next ones.
        loop.schedule(tick, Math.max(now + 1, tick.due + intervalMillis));
        long time = System.currentTimeMillis();
        long seq = lastSeq + 1;
        if (seq - ackedSeq > times.length) {
            grow();
        }
        times[(int) (seq & (times.length - 1))] = fleet.measuringBikes() ? time : -time;
        lastSeq = seq;
        fleet.stats.sent.increment();
        fleet.stats.pending.increment();
        if (ready) {
            sendFixes(seq, seq, true);
        }
    }

    private void grow() {
        long[] bigger = new long[times.length * 2];
        for (long s = ackedSeq + 1; s <= lastSeq; s++) {
            bigger[(int) (s & (bigger.length - 1))] = times[(int) (s & (times.length - 1))];
        }
        times = bigger;
    }

    /** Fixes {@code from..to} in one positions frame, built in the loop's buffer. */
    private void sendFixes(long from, long to, boolean live) {
        ByteBuffer b = loop.out;
        byte[] a = b.array();
        int p = WsWire.HEADER_ROOM;
        p = WsWire.put(a, p, live ? livePrefix : backlogPrefix);
        p = WsWire.putLong(a, p, ackedSeq);
        p = WsWire.put(a, p, FIXES);
        for (long seq = from; seq <= to; seq++) {
            if (seq > from) {
                a[p++] = ',';
            }
            p = WsWire.put(a, p, SEQ);
            p = WsWire.putLong(a, p, seq);
            p = WsWire.put(a, p, TIME);
            p = loop.isoClock.putIso(a, p, Math.abs(times[(int) (seq & (times.length - 1))]));
            p = WsWire.put(a, p, fixSuffix);
        }
        p = WsWire.put(a, p, END);
        int start = WsWire.textFrameHeader(a, p);
        b.limit(p).position(start);
        write(b);
    }

    @Override
    byte[] upgradeRequest() {
        return upgrade;
    }

    @Override
    void opened() {
        fleet.stats.connectedBikes.incrementAndGet();
        if (connectedBefore) {
            fleet.stats.bikeReconnects.increment();
        }
        connectedBefore = true;
        send(WsWire.frame(1, WsWire.ascii("{\"type\":\"hello\",\"bikeId\":\"" + bikeId
                + "\",\"agentVersion\":\"fleet-simulator-lean\",\"protocol\":1,\"outboxId\":\"" + outboxId
                + "\",\"floor\":" + ackedSeq + ",\"dropped\":0}")));
    }

    @Override
    void text(byte[] a, int from, int to) {
        if (WsWire.startsWith(a, from, to, ACK)) {
            acknowledged(WsWire.readLong(a, from + ACK.length, to));
        } else if (!ready && WsWire.startsWith(a, from, to, OUTBOX_STATE)) {
            // As the agent: fixes go once the server has answered the hello; those not acknowledged go again.
            ready = true;
            sendUnacknowledged();
        } else if (WsWire.startsWith(a, from, to, ERROR) && WsWire.indexOf(a, from, to, STORE_BUSY) >= 0) {
            // The store did not take a frame; the connection stays. One resend covers every refusal before it.
            fleet.storeBusy.increment();
            int first = WsWire.indexOf(a, from, to, FIRST_SEQ);
            int last = WsWire.indexOf(a, from, to, LAST_SEQ);
            if (first >= 0 && last >= 0) {
                if (refusedCount == refused.length) {
                    refused = Arrays.copyOf(refused, refused.length * 2);
                }
                refused[refusedCount++] = WsWire.readLong(a, first + FIRST_SEQ.length, to);
                refused[refusedCount++] = WsWire.readLong(a, last + LAST_SEQ.length, to);
            } else {
                resendAll = true;
            }
            if (!resend.queued) {
                loop.schedule(resend, LeanLoop.now()
                        + ThreadLocalRandom.current().nextLong(BUSY_PAUSE_MIN_MILLIS, BUSY_PAUSE_MAX_MILLIS + 1));
            }
        } else {
            fleet.serverMessage(a, from, to);
        }
    }

    /** Everything not acknowledged, oldest first, in backlog batches. */
    private void sendUnacknowledged() {
        sendBacklog(ackedSeq + 1, lastSeq);
    }

    /** Fixes {@code from..to} not yet acknowledged, in backlog batches of {@link #BATCH}. */
    private void sendBacklog(long from, long to) {
        for (long s = Math.max(from, ackedSeq + 1); s <= to; s += BATCH) {
            sendFixes(s, Math.min(to, s + BATCH - 1), false);
        }
    }

    private void acknowledged(long seq) {
        long before = ackedSeq;
        if (seq <= before || seq > lastSeq) {
            return;
        }
        long nowMicros = VirtualBike.micros(java.time.Instant.now());
        for (long s = before + 1; s <= seq; s++) {
            long time = times[(int) (s & (times.length - 1))];
            if (time > 0) {
                fleet.stats.ackLatencyMicros(nowMicros - time * 1000);
            }
        }
        ackedSeq = seq;
        fleet.stats.acked.add(seq - before);
        fleet.stats.pending.add(-(seq - before));
    }

    @Override
    void lost(boolean wasOpen) {
        ready = false;
        if (wasOpen) {
            fleet.stats.connectedBikes.decrementAndGet();
        }
    }
}
