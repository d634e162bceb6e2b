package com.bikefleet.model.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and sizes as operators write them ({@code 500ms}, {@code 10s}, {@code 64MB}), both ways: a
 * key's default and range are shown in messages and checked against the docs in the same spelling.
 */
public final class Units {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KB|MB|GB)");
    private static final long KB = 1024;
    private static final long MB = KB * 1024;
    private static final long GB = MB * 1024;

    private Units() {
    }

    /** Parses a duration such as {@code 500ms}, {@code 10s}, {@code 2m} or {@code 1h}. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 10s, 2m or 1h");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }

    /** Parses a size such as {@code 64MB}, {@code 512KB} or {@code 1GB} (powers of 1024). */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size such as 512KB, 64MB or 1GB");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "B" -> amount;
                case "KB" -> Math.multiplyExact(amount, KB);
                case "MB" -> Math.multiplyExact(amount, MB);
                default -> Math.multiplyExact(amount, GB);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    /** A duration in the largest unit that holds it whole: {@code 1h}, {@code 90s}, {@code 250ms}. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** A size in the largest unit that holds it whole: {@code 64MB}, {@code 1KB}, {@code 100B}; zero as 0. */
    public static String formatSize(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        for (long unit : new long[] {GB, MB, KB}) {
            if (bytes % unit == 0) {
                return bytes / unit + (unit == GB ? "GB" : unit == MB ? "MB" : "KB");
            }
        }
        return bytes + "B";
    }

    /** A number without a trailing {@code .0}: {@code 18}, {@code 22.5}. */
    public static String formatNumber(double n) {
        return BigDecimal.valueOf(n).stripTrailingZeros().toPlainString();
    }
}
