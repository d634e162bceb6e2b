package com.bikefleet.server.registry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** The agent config file that provisioning writes for a bike. */
public final class AgentConfigTemplate {

    private AgentConfigTemplate() {
    }

    /**
     * @param gpsSource  {@code serial} for a Raspberry Pi 1-4 with a UART GPS, or another gps.source
     * @param replayFile the NMEA log for {@code replay} (gps.replay.file), else null
     * @param logFile    the agent's rolling log file, or empty for console only
     * @param interval   the report interval as written in the file (such as {@code 10s})
     * @param intervalAt the same interval, parsed; a simulated receiver is made at least that fast
     */
    public static String render(String bikeId, String token, URI serverUrl, String bufferPath, String interval,
                                Duration intervalAt, String gpsSource, String replayFile, String logFile,
                                Clock clock) {
        StringBuilder config = new StringBuilder("""
                # Bike agent config for %s, written by 'bike-server provision' at %s.
                # The token below is this bike's secret: keep the file readable by the agent only.
                # Every key is described in docs/configuration.md.
                bike.id = %s
                bike.token = %s
                server.url = %s

                report.interval = %s
                buffer.path = %s

                gps.source = %s
                """.formatted(bikeId, clock.instant(), bikeId, token, serverUrl, interval, bufferPath, gpsSource));
        if (replayFile != null && !replayFile.isEmpty()) {
            config.append("gps.replay.file = ").append(replayFile).append('\n');
        }
        if (logFile != null && !logFile.isEmpty()) {
            config.append("log.file = ").append(logFile).append('\n');
        }
        if ("simulated".equals(gpsSource)) {
            Duration period = intervalAt.compareTo(Duration.ofSeconds(1)) < 0 ? intervalAt : Duration.ofSeconds(1);
            // Each bike id rides its own loop, so a simulated fleet spreads out over the map.
            config.append("gps.sim.seed = ").append(Math.floorMod(bikeId.hashCode(), 1000)).append('\n');
            config.append("gps.sim.period = ").append(period.toMillis()).append("ms\n");
        }
        return config.toString();
    }
}
