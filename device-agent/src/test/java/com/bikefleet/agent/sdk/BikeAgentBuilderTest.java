package com.bikefleet.agent.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bikefleet.hardware.gps.setup.GpsSettings;
import com.bikefleet.hardware.gps.setup.GpsSources;
import com.bikefleet.model.config.InvalidSettingsException;
import com.bikefleet.model.config.KeyProblem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's builder holds an embedder to the config file's ranges, with the same keys in its messages. */
class BikeAgentBuilderTest {

    @TempDir
    Path dir;

    private BikeAgent.Builder builder(String bikeId) {
        return BikeAgent.builder().bike(bikeId, "secret").serverUrl(URI.create("ws://127.0.0.1:1"))
                .outbox(dir.resolve("outbox.db"))
                .gps(GpsSources.create(GpsSettings.builder().source(GpsSettings.Source.SIMULATED).build(),
                        Clock.systemUTC()));
    }

    @Test
    void everySettingOutsideItsKeysRangeIsRefusedAtOnceNamingTheKey() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> builder("bike 7")
                .reportInterval(Duration.ofMillis(10))
                .reconnect(Duration.ofSeconds(5), Duration.ofSeconds(1))
                .liveness(Duration.ofMinutes(11), Duration.ofSeconds(30))
                .handshakeTimeout(Duration.ofMillis(10))
                .build());
        assertEquals(List.of(
                new KeyProblem("bike.id", "'bike 7' is not a valid bike id (1-64 letters, digits, '.', '_', '-')"),
                new KeyProblem("report.interval", "10ms is outside the allowed range 100ms..1h"),
                new KeyProblem("reconnect.cap", "must not be below reconnect.base (5s)"),
                new KeyProblem("link.ping-interval", "11m is outside the allowed range 100ms..10m"),
                new KeyProblem("link.handshake-timeout", "10ms is outside the allowed range 1s..2m")), e.problems());
    }

    @Test
    void aMissingDurationIsNamedByItsKey() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> builder("bike-7").liveness(Duration.ofSeconds(15), null).build());
        assertEquals("link.pong-timeout: must be set", e.getMessage());
    }
}
