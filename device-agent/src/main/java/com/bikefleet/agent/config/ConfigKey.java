package com.bikefleet.agent.config;

/**
 * One documented config key: docs/configuration.md lists the same facts, and a test checks that every
 * key appears there.
 *
 * @param name         the key as written in the file
 * @param type         what kind of value it takes
 * @param defaultValue the value when the key is absent ("required" when there is none)
 * @param allowed      the allowed values or range
 */
public record ConfigKey(String name, String type, String defaultValue, String allowed) {
}
