package com.bikefleet.server.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Logs rejected input at most once per bike per interval, with how many more were rejected since the
 * last line: a broken or flooding bike must not be able to fill the server's disk with log lines. Called
 * from any connection's thread.
 */
final class RejectionLog {

    /** One bike's reporting window. */
    private record Window(Instant logged, long suppressed) {
    }

    private final Clock clock;
    private final Duration interval;
    private final Consumer<String> sink;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param interval at most one line per bike per this long
     * @param sink     where lines go (the log; a list in tests)
     */
    RejectionLog(Clock clock, Duration interval, Consumer<String> sink) {
        this.clock = clock;
        this.interval = interval;
        this.sink = sink;
    }

    /** Counts one rejection and logs it unless this bike was logged within the interval. */
    void rejected(String bikeId, String reason) {
        Instant now = clock.instant();
        String[] line = new String[1];
        windows.compute(bikeId, (id, window) -> {
            if (window != null && now.isBefore(window.logged().plus(interval))) {
                return new Window(window.logged(), window.suppressed() + 1);
            }
            long more = window == null ? 0 : window.suppressed();
            line[0] = "Bike " + id + " input rejected: " + reason
                    + (more == 0 ? "" : " (and " + more + " more since " + window.logged() + ")");
            return new Window(now, 0);
        });
        // Outside compute: the sink may block on I/O, and compute holds the map's bin lock.
        if (line[0] != null) {
            sink.accept(line[0]);
        }
    }
}
