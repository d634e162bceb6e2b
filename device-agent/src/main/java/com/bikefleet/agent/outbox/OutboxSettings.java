package com.bikefleet.agent.outbox;

/**
 * Bounds and durability of the outbox.
 *
 * @param maxFixes    fixes kept at most; past it the oldest are dropped and counted
 * @param maxBytes    database bytes in use at most; past it the oldest fixes are dropped and counted
 * @param durability  {@code FULL}: every commit reaches the disk before it returns (a taken fix survives
 *                    a power cut); {@code NORMAL}: faster, but the last fixes before a power cut may be lost
 */
public record OutboxSettings(long maxFixes, long maxBytes, Durability durability) {

    /** SQLite's synchronous setting, by the promise it keeps. */
    public enum Durability { FULL, NORMAL }

    public static final long DEFAULT_MAX_FIXES = 100_000;
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** Readings of other code on the bike kept at most; a bound so a chatty publisher cannot fill the card. */
    public static final long MAX_TELEMETRY = 10_000;

    public OutboxSettings {
        if (maxFixes < 10) {
            throw new IllegalArgumentException("the outbox must hold at least 10 fixes, was " + maxFixes);
        }
        if (maxBytes < 1024 * 1024) {
            throw new IllegalArgumentException("the outbox must be allowed at least 1MB, was " + maxBytes);
        }
    }

    public static OutboxSettings defaults() {
        return new OutboxSettings(DEFAULT_MAX_FIXES, DEFAULT_MAX_BYTES, Durability.FULL);
    }
}
