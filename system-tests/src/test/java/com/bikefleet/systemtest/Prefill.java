package com.bikefleet.systemtest;

import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.hardware.gps.setup.GpsSettings;
import com.bikefleet.hardware.gps.setup.GpsSources;
import com.bikefleet.hardware.sim.SimulatedGps;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Fills an agent's outbox file before the agent starts, through the agent's own {@link Outbox}, as if the
 * bike had ridden offline: a simulated receiver's fixes at the given period, ending before now.
 */
final class Prefill {

    private Prefill() {
    }

    /**
     * Appends {@code count} fixes with GPS times {@code period} apart, the last one just before {@code end},
     * and returns the outbox's last sequence number. {@code maxFixes} bounds the outbox as the agent's {@code buffer.max-fixes} does.
     * Uses synchronous=NORMAL: the file is closed cleanly here, so nothing is at risk and it is fast.
     */
    static long fixes(Path outboxFile, int count, Duration period, Instant end, long maxFixes) throws Exception {
        Instant start = end.minus(period.multipliedBy(count));
        SimulatedGps gps = (SimulatedGps) GpsSources.create(GpsSettings.builder()
                .source(GpsSettings.Source.SIMULATED).simPeriod(period).build(), Clock.systemUTC());
        try (Outbox outbox = Outbox.open(outboxFile,
                new OutboxSettings(maxFixes, 1L << 30, OutboxSettings.Durability.NORMAL))) {
            for (int n = 0; n < count; n++) {
                outbox.append(gps.fixAt(start, n));
            }
            return outbox.lastSeq();
        }
    }
}
