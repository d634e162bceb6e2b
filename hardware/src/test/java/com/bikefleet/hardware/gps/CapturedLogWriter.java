package com.bikefleet.hardware.gps;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

/**
 * A tinylog writer (configured in the tests' tinylog.properties) that keeps log lines in memory so that
 * tests can assert what was logged. Tinylog creates writers itself, so the lines live in a static list;
 * tests filter by a message they alone produce.
 */
public final class CapturedLogWriter implements Writer {

    /** One captured line. */
    public record Line(Level level, String message) {
    }

    private static final List<Line> LINES = new ArrayList<>();

    public CapturedLogWriter(Map<String, String> properties) {
        // no options
    }

    /** The lines logged so far whose message contains {@code text}. */
    public static List<Line> containing(String text) {
        synchronized (LINES) {
            return LINES.stream().filter(l -> l.message().contains(text)).toList();
        }
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.LEVEL, LogEntryValue.MESSAGE);
    }

    @Override
    public void write(LogEntry entry) {
        synchronized (LINES) {
            LINES.add(new Line(entry.getLevel(), entry.getMessage()));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
