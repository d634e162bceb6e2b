package com.bikefleet.model.protocol;

/**
 * Bike to server: the bike's own state, sent after the hello, whenever it changes, and at least once a
 * minute while connected.
 *
 * @param gps         {@code fix}, {@code no_fix} or {@code no_data} (see docs/protocol.md)
 * @param outboxDepth fixes waiting in the bike's outbox
 * @param dropped     fixes this outbox has dropped, ever, because it was full
 * @param skipped     sequence numbers this outbox skipped after a rollback, as in the {@link Hello}
 */
public record Status(String gps, long outboxDepth, long dropped, long skipped) implements Message {

    public Status(String gps, long outboxDepth, long dropped) {
        this(gps, outboxDepth, dropped, 0);
    }
}
