package com.bikefleet.model.protocol;

/**
 * Bike to server, first frame on every connection.
 *
 * @param bikeId       the bike's id; must equal the id it authenticated with
 * @param agentVersion the agent's version, for the operator's eyes
 * @param protocol     the protocol version the agent speaks
 * @param outboxId     a random id made when the bike's outbox file was created; a wiped outbox gets a
 *                     new one, so its restarted sequence numbers are not taken for duplicates
 */
public record Hello(String bikeId, String agentVersion, int protocol, String outboxId) implements Message {
}
