package com.bikefleet.agent.cli;

import com.bikefleet.hardware.sim.CityRoute;
import com.bikefleet.hardware.sim.SimulatedGps;
import java.time.Clock;
import java.time.Duration;

/**
 * The simulated GPS that {@code run} gives a bike with {@code gps.source = simulated}: each bike id gets
 * its own loop near the default start, so a demo fleet spreads over the map, and a test can recompute
 * exactly what a bike reported.
 */
public final class SimulatedBikeGps {

    /** Where simulated bikes ride when nothing else is configured: Alexanderplatz, Berlin. */
    public static final CityRoute.Point DEFAULT_START = new CityRoute.Point(52.5219, 13.4132);
    public static final double SPEED_MPS = 20 / 3.6;

    private SimulatedBikeGps() {
    }

    public static SimulatedGps forBike(String bikeId, Duration period, Clock clock) {
        int variant = Math.floorMod(bikeId.hashCode(), 1000);
        return new SimulatedGps(CityRoute.around(DEFAULT_START, variant), SPEED_MPS, period, clock);
    }
}
