package com.bikefleet.hardware.nmea;

/**
 * What a decoder has seen so far.
 *
 * @param sentences   complete lines starting with {@code $}, good or bad
 * @param badChecksums lines whose checksum was missing or wrong (skipped)
 * @param dropped     partial lines dropped for noise, a new {@code $} or excessive length
 * @param ignored     well-formed sentences of a kind the decoder does not use
 * @param fixes       fixes emitted
 */
public record NmeaCounters(long sentences, long badChecksums, long dropped, long ignored, long fixes) {
}
