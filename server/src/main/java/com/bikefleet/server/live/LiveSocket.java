package com.bikefleet.server.live;

import java.util.function.Consumer;

/** Where a listener's frames go; lets {@link LiveListener} be tested without a network. */
interface LiveSocket {

    /** Starts sending and returns at once; {@code done} gets null once the frame has gone out, else the failure. */
    void send(String frame, Consumer<Throwable> done);

    void close(int code, String reason);
}
