package com.bikefleet.model.config;

/**
 * One documented config key (agent or server): the operator's documentation lists the same facts, and
 * each side has a test that checks every key appears there.
 *
 * @param name         the key as written in the file
 * @param type         what kind of value it takes
 * @param defaultValue the value when the key is absent ("required" when there is none)
 * @param allowed      the allowed values or range
 */
public record ConfigKey(String name, String type, String defaultValue, String allowed) {
}
