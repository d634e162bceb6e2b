package com.bikefleet.model.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads typed values ({@link Key}) out of collected {@link KeyValues}, filing each problem under the line
 * that set the key (or the file when the key is missing) and carrying on, so one pass reports every problem. Each
 * getter returns a usable value even after an error, so later cross-key checks can still run.
 */
public final class ConfigReader {

    private final String source;
    private final Map<String, String> values;
    private final Map<String, String> where;
    private final List<String> errors;

    public ConfigReader(String source, KeyValues keyValues, List<String> errors) {
        this(source, keyValues.values(), keyValues.where(), errors);
    }

    public ConfigReader(String source, Map<String, String> values, Map<String, String> where, List<String> errors) {
        this.source = source;
        this.values = values;
        this.where = where;
        this.errors = errors;
    }

    /** Parses a duration such as {@code 500ms}, {@code 10s}, {@code 2m} or {@code 1h}. */
    public static Duration parseDuration(String text) {
        return Units.parseDuration(text);
    }

    /** Parses a size such as {@code 64MB}, {@code 512KB} or {@code 1GB} (powers of 1024). */
    public static long parseSize(String text) {
        return Units.parseSize(text);
    }

    public Map<String, String> values() {
        return values;
    }

    /** Where a key was set, or the file's name when it was not. */
    public String where(String key) {
        return where.getOrDefault(key, source);
    }

    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    /**
     * The key's value: parsed, checked against its range and rule, or its default when absent. A problem
     * is filed under the key's line and the default returned, so later cross-key checks still run; a
     * required key that is missing is filed under the file and null returned.
     */
    public <T> T get(Key<T> key) {
        String value = values.get(key.name());
        if (value == null || value.isEmpty() && key.isRequired()) {
            if (key.isRequired()) {
                errors.add(source + ": missing required key '" + key.name() + "'");
            }
            return key.defaultValue();
        }
        List<KeyProblem> problems = new ArrayList<>(1);
        T read = key.read(value, problems).orElse(key.defaultValue());
        file(problems);
        return read;
    }

    /** Files problems found by another module's checks, each under its key's line. */
    public void file(List<KeyProblem> problems) {
        for (KeyProblem problem : problems) {
            error(problem.key(), problem.message());
        }
    }

    /** Reports a problem with a key's value as {@code WHERE: key: message}. */
    public void error(String key, String message) {
        errors.add(where(key) + ": " + key + ": " + message);
    }
}
