package com.bikefleet.model.protocol;

/**
 * Bike to server, first frame on every connection.
 *
 * @param bikeId           the bike's id; must equal the id it authenticated with
 * @param agentVersion     the agent's version, for the operator's eyes
 * @param protocol         the protocol version the agent speaks
 * @param outboxId         a random id made when the bike's outbox file was created; a wiped outbox gets a
 *                         new one, so its restarted sequence numbers are not taken for duplicates
 * @param floor            the bike holds no fix with a sequence number up to this (each was acknowledged or
 *                         dropped); the server's cumulative ack starts here. 0 when unknown
 * @param dropped          fixes this outbox has dropped, ever, because it was full
 * @param skipped          sequence numbers (fixes and readings) this outbox skipped because the server already
 *                         held them: the outbox had rolled back (see {@link OutboxState}); 0 when never
 * @param previousOutboxId the outbox this one replaced because it could not be read, or null
 * @param reset            why that outbox was replaced ({@code "corrupt"}), or null when it was not
 */
public record Hello(String bikeId, String agentVersion, int protocol, String outboxId, long floor, long dropped,
                    long skipped, String previousOutboxId, String reset)
        implements Message {

    /** A hello from an outbox that never skipped a number nor replaced an unreadable one. */
    public Hello(String bikeId, String agentVersion, int protocol, String outboxId, long floor, long dropped) {
        this(bikeId, agentVersion, protocol, outboxId, floor, dropped, 0, null, null);
    }

    /** A hello from a bike with nothing acknowledged and nothing dropped. */
    public Hello(String bikeId, String agentVersion, int protocol, String outboxId) {
        this(bikeId, agentVersion, protocol, outboxId, 0, 0);
    }
}
