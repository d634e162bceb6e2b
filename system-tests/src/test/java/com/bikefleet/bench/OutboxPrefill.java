package com.bikefleet.bench;

import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Fills a new agent outbox with a backlog, as if the bike had been offline: {@code count} fixes one GPS
 * second apart, the newest one {@code endAgoSeconds} before now (so the server's "not in the future" rule
 * holds). The fixes look like the simulated receiver's: 7-decimal lat/lon, speed, course, altitude, HDOP,
 * satellites and a 3D fix, so a batch on the wire has the size of a real one.
 *
 * <p>Usage: {@code OutboxPrefill OUTBOX_FILE COUNT [END_AGO_SECONDS]}; the file must not exist yet.
 * Prints the outbox id and the last seq.
 */
public final class OutboxPrefill {

    private OutboxPrefill() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: OutboxPrefill OUTBOX_FILE COUNT [END_AGO_SECONDS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long endAgo = args.length == 3 ? Long.parseLong(args[2]) : 60;
        if (Files.exists(file)) {
            System.err.println(file + " exists; the prefill wants a new outbox");
            System.exit(2);
        }
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(endAgo + count - 1L);
        long started = System.nanoTime();
        try (Outbox outbox = Outbox.open(file,
                new OutboxSettings(200_000, 1L << 30, OutboxSettings.Durability.NORMAL))) {
            double lat = 52.5200000;
            double lon = 13.4050000;
            for (int i = 0; i < count; i++) {
                // A slow loop around a square of roughly 1 km, about 5 m/s.
                double phase = (i % 800) / 800.0;
                int side = (int) (phase * 4);
                double course = side * 90.0;
                double step = 0.000045;
                switch (side) {
                    case 0 -> lat += step;
                    case 1 -> lon += step * 1.6;
                    case 2 -> lat -= step;
                    default -> lon -= step * 1.6;
                }
                double speed = 4.5 + (i % 37) / 37.0;
                Fix fix = new Fix(first.plusSeconds(i), round(lat, 1e7), round(lon, 1e7), round(speed, 100),
                        course + (i % 10) / 10.0, 35.0 + (i % 20) / 10.0, 0.9, 9, FixType.THREE_D);
                outbox.append(fix);
            }
            System.out.printf("outbox %s: %d fixes, last seq %d, written in %.1f s%n", outbox.outboxId(),
                    outbox.depth(), outbox.lastSeq(), (System.nanoTime() - started) / 1e9);
        }
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }
}
