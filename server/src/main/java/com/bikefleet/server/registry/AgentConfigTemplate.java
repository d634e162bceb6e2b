package com.bikefleet.server.registry;

import java.net.URI;
import java.time.Clock;

/** The agent config file that provisioning writes for a bike. */
public final class AgentConfigTemplate {

    private AgentConfigTemplate() {
    }

    public static String render(String bikeId, String token, URI serverUrl, String bufferPath, String interval,
                                Clock clock) {
        return """
                # Bike agent config for %s, written by 'bike-server provision' at %s.
                # The token below is this bike's secret: keep the file readable by the agent only.
                bike.id = %s
                bike.token = %s
                server.url = %s

                gps.source = simulated
                report.interval = %s
                buffer.path = %s
                """.formatted(bikeId, clock.instant(), bikeId, token, serverUrl, interval, bufferPath);
    }
}
