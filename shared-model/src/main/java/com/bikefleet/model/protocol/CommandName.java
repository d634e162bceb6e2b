package com.bikefleet.model.protocol;

import com.bikefleet.model.config.ConfigReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The commands a bike understands and the rules for their arguments (docs/protocol.md section 2.6), in one
 * place for the server, which refuses a command that breaks them, and the agent, which checks again.
 */
public enum CommandName {
    /** {@code interval}: a duration such as {@code 5s}, 100 ms to 1 h; handled by the agent itself. */
    SET_REPORT_INTERVAL("set-report-interval", "interval"),
    /** {@code text}: 1 to 500 characters for the rider's display. */
    MAINTENANCE_NOTICE("maintenance-notice", "text"),
    /** No arguments: ring the bike's bell or buzzer. */
    RING("ring", null),
    /** {@code locked}: {@code true} or {@code false}. */
    LOCK("lock", "locked");

    /** The longest {@code maintenance-notice} text, in characters (UTF-16 units, as Java counts them). */
    public static final int MAX_NOTICE_CHARS = 500;
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** Longer than any interval in range ({@code 3600000ms}); keeps a stored argument short. */
    private static final int MAX_INTERVAL_CHARS = 16;
    /** Client text quoted in a problem is cut here: a problem must not echo a huge request. */
    private static final int MAX_QUOTED_CHARS = 64;

    private final String wireName;
    private final String argument;

    CommandName(String wireName, String argument) {
        this.wireName = wireName;
        this.argument = argument;
    }

    public String wireName() {
        return wireName;
    }

    /** The one argument this command takes, or null when it takes none. */
    public String argument() {
        return argument;
    }

    /** The command of a wire name, or null when it is none of them. */
    public static CommandName fromWire(String wireName) {
        for (CommandName name : values()) {
            if (name.wireName.equals(wireName)) {
                return name;
            }
        }
        return null;
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(CommandName::wireName).toList();
    }

    /** What is wrong with a command named {@code name} with {@code args}, or null when it may be sent. */
    public static String problem(String name, Map<String, String> args) {
        CommandName command = fromWire(name);
        if (command == null) {
            return "unknown command " + quoted(name) + "; known: " + wireNames();
        }
        return command.problem(args);
    }

    /** What is wrong with these arguments for this command, or null. */
    public String problem(Map<String, String> args) {
        for (String key : args.keySet()) {
            if (!key.equals(argument)) {
                return argument == null ? wireName + " takes no arguments, got " + quoted(key)
                        : wireName + " takes only '" + argument + "', got " + quoted(key);
            }
        }
        String value = argument == null ? null : args.get(argument);
        return switch (this) {
            case SET_REPORT_INTERVAL -> interval(value) == null
                    ? "set-report-interval needs 'interval' from 100ms to 1h, such as 5s or 500ms" : null;
            case MAINTENANCE_NOTICE -> value == null || value.isBlank() || value.length() > MAX_NOTICE_CHARS
                    ? "maintenance-notice needs 'text' of 1.." + MAX_NOTICE_CHARS + " characters"
                    + (value == null ? "" : ", got " + value.length()) : null;
            case LOCK -> "true".equals(value) || "false".equals(value) ? null : "lock needs 'locked' = true or false";
            case RING -> null;
        };
    }

    /** A {@code set-report-interval} argument as a duration in range, or null when it is not one. */
    public static Duration interval(String text) {
        if (text == null || text.length() > MAX_INTERVAL_CHARS) {
            return null;
        }
        try {
            Duration parsed = ConfigReader.parseDuration(text);
            return parsed.compareTo(MIN_INTERVAL) < 0 || parsed.compareTo(MAX_INTERVAL) > 0 ? null : parsed;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    private static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        return "'" + (text.length() > MAX_QUOTED_CHARS ? text.substring(0, MAX_QUOTED_CHARS) + "..." : text) + "'";
    }
}
