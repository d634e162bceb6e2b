package com.bikefleet.model.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of collected {@link KeyValues}, filing each problem under the line that set the
 * key (or the file when the key is missing) and carrying on, so one pass reports every problem. Each
 * getter returns a usable value even after an error, so later cross-key checks can still run.
 */
public final class ConfigReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KB|MB|GB)");

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
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 10s, 2m or 1h");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** Parses a size such as {@code 64MB}, {@code 512KB} or {@code 1GB} (powers of 1024). */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size such as 512KB, 64MB or 1GB");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "B" -> amount;
            case "KB" -> amount * 1024;
            case "MB" -> amount * 1024 * 1024;
            default -> amount * 1024 * 1024 * 1024;
        };
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

    public String required(String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            errors.add(source + ": missing required key '" + key + "'");
            return null;
        }
        return value;
    }

    /** The value, or {@code fallback} when the key is absent or empty. */
    public String optional(String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** A duration in {@code min..max}; out of range is reported and the value returned as written. */
    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            Duration d = parseDuration(value);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                error(key, value + " is outside the allowed range " + min.toMillis() + "ms.." + max.toMillis() + "ms");
            }
            return d;
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return fallback;
        }
    }

    /** A whole number in {@code min..max}; anything else is reported and {@code fallback} returned. */
    public long number(String key, long fallback, long min, long max) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                error(key, value + " is outside the allowed range " + min + ".." + max);
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            error(key, "'" + value + "' is not a whole number");
            return fallback;
        }
    }

    /** A size in {@code min..max} bytes; anything else is reported and {@code fallback} returned. */
    public long size(String key, long fallback, long min, long max) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long n = parseSize(value);
            if (n < min || n > max) {
                error(key, value + " is outside the allowed range " + human(min) + ".." + human(max));
                return fallback;
            }
            return n;
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return fallback;
        }
    }

    /** One of {@code allowed} (case-sensitive); anything else is reported and {@code fallback} returned. */
    public String oneOf(String key, String fallback, List<String> allowed) {
        String value = optional(key, fallback);
        if (!allowed.contains(value)) {
            error(key, "'" + value + "' is not one of " + String.join(", ", allowed));
            return fallback;
        }
        return value;
    }

    /** Reports a problem with a key's value as {@code WHERE: key: message}. */
    public void error(String key, String message) {
        errors.add(where(key) + ": " + key + ": " + message);
    }

    /** Sizes in ranges read best in the unit an operator would write; below 1 MB in KB. */
    private static String human(long bytes) {
        if (bytes < 1024 * 1024) {
            return bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + "B";
        }
        long mb = bytes / (1024 * 1024);
        return mb >= 1024 ? mb / 1024 + "GB" : mb + "MB";
    }
}
