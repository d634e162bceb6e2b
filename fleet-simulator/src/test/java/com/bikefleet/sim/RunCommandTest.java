package com.bikefleet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunCommandTest {

    @Test
    void ownCpuIsCpuTimeOverWallTimeWithOneCoreAsAHundred() {
        assertEquals(150.0, RunCommand.cpuPercent(Optional.of(Duration.ofSeconds(1)),
                Optional.of(Duration.ofMillis(2_500)), 1_000));
        assertEquals(33.3, RunCommand.cpuPercent(Optional.of(Duration.ZERO), Optional.of(Duration.ofSeconds(1)), 3_000));
    }

    @Test
    void ownCpuIsUnknownWhereTheJvmCannotTell() {
        assertNull(RunCommand.cpuPercent(Optional.empty(), Optional.of(Duration.ofSeconds(1)), 1_000));
        assertNull(RunCommand.cpuPercent(Optional.of(Duration.ZERO), Optional.of(Duration.ZERO), 0));
    }
}
