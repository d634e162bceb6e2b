package com.bikefleet.model.protocol;

/**
 * Bike to server: how a {@link Command} ended.
 *
 * @param id      the command's id
 * @param status  {@code done}, {@code failed} or {@code unsupported}
 * @param message a human-readable detail, may be null
 */
public record CommandResult(String id, String status, String message) implements Message {
}
