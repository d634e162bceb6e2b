package com.bikefleet.agent.link;

/**
 * One WebSocket connection as the link sees it: text out, pings, close. The link knows nothing of the
 * WebSocket library behind it ({@link TyrusDialer} on a bike, a recording fake in tests).
 */
public interface Wire {

    /**
     * Sends a text frame without waiting. A frame that fails to go out ends the connection
     * ({@link Events#onEnd}), because the sender counts it as in flight and the server's cumulative ack
     * would stay below it for as long as the connection lasted.
     */
    void send(String text);

    /** Sends a ping without waiting; the pong arrives as {@link Events#onPong}. */
    void ping();

    /** Closes with a close frame, on the calling thread: for a peer that is still there to hear it. */
    void close(int code, String reason);

    /** Gives the connection up without holding the calling thread: for a peer that is gone or not wanted. */
    void abort(int code, String reason);

    /**
     * What a connection attempt reports, always on the link's thread ({@link LinkScheduler}), in order:
     * {@link #onOpen} then frames and pongs, or {@link #onEnd} alone when the attempt fails.
     */
    interface Events {

        void onOpen(Wire wire);

        void onText(String frame);

        void onPong();

        /** The attempt failed or the connection ended; may come more than once, the first counts. */
        void onEnd(Disconnect why);
    }
}
