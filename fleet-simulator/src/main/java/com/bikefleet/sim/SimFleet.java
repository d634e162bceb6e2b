package com.bikefleet.sim;

import java.util.List;

/**
 * The bikes and listeners of one simulator process, whichever way they are simulated: {@link AgentFleet}
 * (each bike runs the agent's real link) or {@link LeanFleet} (precomputed frames on a few threads).
 */
interface SimFleet {

    /** Starts the listeners over the first half of the ramp, then the bikes spread over the whole ramp. */
    void start(long rampMillis) throws InterruptedException;

    /** From now on, fixes reported count in the ack latency totals. */
    void measureBikes(boolean on);

    /** From now on, listeners count fixes reported since now in the listener latency; off stops counting. */
    void measureListeners(boolean on);

    /** No more fixes; connections stay so the last ones are acknowledged. */
    void stopReporting();

    /** Whether every fix reported so far is acknowledged. */
    boolean allAcknowledged();

    /** Each bike's outbox and the numbers it used and saw acknowledged. */
    List<LossAccounting.Ledger> ledgers();

    int bikes();

    int listeners();

    /** Closes every connection and stops the threads. */
    void close() throws InterruptedException;
}
