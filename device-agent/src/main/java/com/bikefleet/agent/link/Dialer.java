package com.bikefleet.agent.link;

/** Opens connections to the server: one call, one attempt, whose outcome arrives through its events. */
public interface Dialer {

    /** Starts an attempt without waiting for it; {@code events} hear how it goes. */
    void dial(Wire.Events events);
}
