package com.bikefleet.agent.link;

import com.bikefleet.agent.outbox.FixOutbox;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.Telemetry;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * What goes out on one connection, and in which order. Live first: on connect the newest pending fix is
 * sent at once, so the map shows where the bike is now, and every fix taken while connected is sent as
 * it comes. The backlog below the first live fix drains oldest-first in batches, with at most
 * {@code window} batches unacknowledged, so it never holds up a live fix.
 *
 * <p>One instance per connection, owned by the agent's worker thread.
 */
final class OutboxSender {

    private final FixOutbox outbox;
    private final String bikeId;
    private final int batchSize;
    private final int window;
    private final Consumer<Message> send;

    /** Fixes numbered from here on are sent live on this connection; below it is backlog. */
    private long liveFrom;
    /** Highest backlog number sent on this connection. */
    private long backlogSent;
    /** Last number of each backlog batch not yet acknowledged, oldest first. */
    private final Deque<Long> backlogInFlight = new ArrayDeque<>();
    private long telemetrySent;
    private boolean telemetryInFlight;

    OutboxSender(FixOutbox outbox, String bikeId, int batchSize, int window, Consumer<Message> send) {
        this.outbox = outbox;
        this.bikeId = bikeId;
        this.batchSize = batchSize;
        this.window = window;
        this.send = send;
    }

    /** The hello has gone out: send the newest fix, then start on the backlog. */
    void start() throws SQLException {
        long floor = outbox.floor();
        backlogSent = floor;
        Position newest = outbox.newestPending();
        if (newest == null) {
            liveFrom = outbox.lastSeq() + 1;
        } else {
            liveFrom = newest.seq();
            send.accept(new Positions(bikeId, List.of(newest), true, floor));
        }
        telemetrySent = outbox.telemetryFloor();
        sendMore();
    }

    /** A fix was just committed to the outbox. */
    void appended(Position position) throws SQLException {
        long floor = outbox.floor();
        if (position.seq() >= liveFrom) {
            send.accept(new Positions(bikeId, List.of(position), true, floor));
        }
        // A full outbox may have dropped the oldest fixes, which moves the floor and the backlog start.
        if (backlogSent < floor) {
            backlogSent = floor;
        }
    }

    /** The server acknowledged every fix up to {@code seq}; the outbox has deleted them. */
    void acknowledged(long seq) throws SQLException {
        while (!backlogInFlight.isEmpty() && backlogInFlight.peekFirst() <= seq) {
            backlogInFlight.removeFirst();
        }
        sendMore();
    }

    /**
     * The server dropped a frame unread (rate limited): which one is unknown, so everything still pending
     * becomes backlog again, from the floor up. Duplicates are harmless; the server stores each fix once.
     */
    void resendPending() throws SQLException {
        backlogInFlight.clear();
        backlogSent = outbox.floor();
        liveFrom = outbox.lastSeq() + 1;
        telemetryInFlight = false;
        telemetrySent = outbox.telemetryFloor();
        sendMore();
    }

    /**
     * The server's store did not take the fixes {@code first..last} (4103): sends those still pending again,
     * as backlog. A refused backlog batch keeps its place in the window until the ack passes it.
     */
    void resend(long first, long last) throws SQLException {
        long after = first - 1;
        while (after < last) {
            List<Position> batch = outbox.pendingBetween(after, last + 1, batchSize);
            if (batch.isEmpty()) {
                return;
            }
            send.accept(new Positions(bikeId, batch, false, outbox.floor()));
            after = batch.get(batch.size() - 1).seq();
        }
    }

    void telemetryAcknowledged() throws SQLException {
        telemetryInFlight = false;
        sendMore();
    }

    /** Sends what the window allows. */
    void sendMore() throws SQLException {
        while (backlogInFlight.size() < window) {
            List<Position> batch = outbox.pendingBetween(backlogSent, liveFrom, batchSize);
            if (batch.isEmpty()) {
                break;
            }
            send.accept(new Positions(bikeId, batch, false, outbox.floor()));
            backlogSent = batch.get(batch.size() - 1).seq();
            backlogInFlight.addLast(backlogSent);
        }
        if (!telemetryInFlight) {
            List<Telemetry.Reading> readings = outbox.pendingReadings(telemetrySent, batchSize);
            if (!readings.isEmpty()) {
                send.accept(new Telemetry(bikeId, readings, outbox.telemetryFloor()));
                telemetrySent = readings.get(readings.size() - 1).seq();
                telemetryInFlight = true;
            }
        }
    }
}
