package com.bikefleet.agent.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's settings, read from a {@code key = value} file with {@code #} comments. Parsing reports
 * every problem it finds, each with the file and line, rather than stopping at the first.
 *
 * @param bikeId         this bike's id, as provisioned
 * @param token          this bike's secret
 * @param serverUrl      the server's base URL (ws:// or wss://); the agent connects to
 *                       {@code <serverUrl>/ws/bikes/<bikeId>}
 * @param gpsSource      where fixes come from
 * @param reportInterval how often a fix is taken and reported
 * @param bufferPath     the outbox file
 */
public record AgentConfig(
        String bikeId,
        String token,
        URI serverUrl,
        String gpsSource,
        Duration reportInterval,
        Path bufferPath) {

    static final Set<String> KEYS = Set.of(
            "bike.id", "bike.token", "server.url", "gps.source", "report.interval", "buffer.path");
    static final Set<String> GPS_SOURCES = Set.of("simulated");
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern BIKE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Reads and checks a config file. */
    public static AgentConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(file.toString(), text);
    }

    /** Parses config text; {@code source} names it in messages. */
    public static AgentConfig parse(String source, String text) throws ConfigException {
        List<String> errors = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String[] rows = text.split("\r?\n", -1);
        for (int i = 0; i < rows.length; i++) {
            int line = i + 1;
            String row = rows[i].strip();
            if (row.isEmpty() || row.startsWith("#")) {
                continue;
            }
            int eq = row.indexOf('=');
            if (eq < 0) {
                errors.add(source + ":" + line + ": expected 'key = value', found '" + row + "'");
                continue;
            }
            String key = row.substring(0, eq).strip();
            String value = row.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                errors.add(source + ":" + line + ": unknown key '" + key + "'");
            } else if (lines.containsKey(key)) {
                errors.add(source + ":" + line + ": duplicate key '" + key + "' (first set on line "
                        + lines.get(key) + ")");
            } else {
                values.put(key, value);
                lines.put(key, line);
            }
        }
        Reader reader = new Reader(source, values, lines, errors);
        String bikeId = reader.required("bike.id");
        if (bikeId != null && !BIKE_ID.matcher(bikeId).matches()) {
            reader.error("bike.id", "'" + bikeId + "' is not a valid bike id (1-64 letters, digits, '.', '_', '-')");
        }
        String token = reader.required("bike.token");
        URI serverUrl = reader.url("server.url");
        String gpsSource = reader.optional("gps.source", "simulated");
        if (!GPS_SOURCES.contains(gpsSource)) {
            reader.error("gps.source", "'" + gpsSource + "' is not one of " + GPS_SOURCES);
        }
        Duration interval = reader.duration("report.interval", Duration.ofSeconds(10));
        String buffer = reader.optional("buffer.path", "/var/lib/bike-agent/outbox.db");
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new AgentConfig(bikeId, token, serverUrl, gpsSource, interval, Path.of(buffer));
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

    /** Throws when a report interval is outside what the agent accepts. */
    public static void requireInterval(Duration interval) {
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException(interval.toMillis() + "ms is outside the allowed range 100ms..1h");
        }
    }

    /** The config with secrets masked, for the log. */
    public String describe() {
        return "bike.id=" + bikeId + " server.url=" + serverUrl + " bike.token=****"
                + " gps.source=" + gpsSource + " report.interval=" + reportInterval.toMillis() + "ms"
                + " buffer.path=" + bufferPath;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Reads typed values, collecting errors with their line numbers. */
    private record Reader(String source, Map<String, String> values, Map<String, Integer> lines,
                          List<String> errors) {

        String required(String key) {
            String value = values.get(key);
            if (value == null || value.isEmpty()) {
                errors.add(source + ": missing required key '" + key + "'");
                return null;
            }
            return value;
        }

        String optional(String key, String fallback) {
            String value = values.get(key);
            return value == null || value.isEmpty() ? fallback : value;
        }

        URI url(String key) {
            String value = required(key);
            if (value == null) {
                return null;
            }
            try {
                URI uri = new URI(value);
                if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
                    error(key, "'" + value + "' must be a ws:// or wss:// URL with a host");
                    return null;
                }
                return uri;
            } catch (URISyntaxException e) {
                error(key, "'" + value + "' is not a URL: " + e.getReason());
                return null;
            }
        }

        Duration duration(String key, Duration fallback) {
            String value = values.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                Duration d = parseDuration(value);
                if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
                    error(key, value + " is outside the allowed range 100ms..1h");
                }
                return d;
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return fallback;
            }
        }

        void error(String key, String message) {
            errors.add(source + ":" + lines.getOrDefault(key, 0) + ": " + key + ": " + message);
        }
    }
}
