package com.bikefleet.systemtest;

import java.util.random.RandomGenerator;

/**
 * A random source that always draws the largest value, so an agent's every backoff delay is its
 * ceiling: a test can tell from a delay how many failures the agent is counting, and only a deliberate
 * event (a connectivity change) can make it try early.
 */
final class LongestDelays implements RandomGenerator {

    @Override
    public long nextLong() {
        return Long.MAX_VALUE;
    }

    @Override
    public long nextLong(long bound) {
        return bound - 1;
    }
}
