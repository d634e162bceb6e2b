package com.bikefleet.agent.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bikefleet.model.Fix;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FixSamplerTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void takesOneFixPerIntervalOfGpsTime() {
        FixSampler sampler = new FixSampler(Duration.ofSeconds(10));
        long taken = IntStream.range(0, 60).filter(s -> sampler.take(Fix.of(T0.plusSeconds(s), 1, 2))).count();
        assertEquals(6, taken);
    }

    @Test
    void aReceiverThatJumpsBackStartsANewRhythm() {
        FixSampler sampler = new FixSampler(Duration.ofSeconds(10));
        sampler.take(Fix.of(T0, 1, 2));
        assertEquals(true, sampler.take(Fix.of(T0.minusSeconds(3600), 1, 2)));
        assertEquals(false, sampler.take(Fix.of(T0.minusSeconds(3599), 1, 2)));
    }
}
