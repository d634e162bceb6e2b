package com.bikefleet.agent.link;

import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * A dialer with the network cut out: each {@link #dial} is kept for the test, which then opens it (as a
 * {@link FakeWire} that records what the link sends) or fails it, by calling its events as the link's
 * thread would.
 */
final class FakeDialer implements Dialer {

    private final List<Wire.Events> attempts = new ArrayList<>();

    @Override
    public void dial(Wire.Events events) {
        attempts.add(events);
    }

    int attempts() {
        return attempts.size();
    }

    /** The newest attempt. */
    Wire.Events last() {
        if (attempts.isEmpty()) {
            throw new AssertionError("the link has not dialled");
        }
        return attempts.get(attempts.size() - 1);
    }

    /** Opens the newest attempt and returns its wire. */
    FakeWire open() {
        FakeWire wire = new FakeWire();
        last().onOpen(wire);
        return wire;
    }

    /** A connection that records every frame (decoded), ping and close. */
    static final class FakeWire implements Wire {
        private final MessageCodec codec = new MessageCodec();
        final List<Message> sent = new ArrayList<>();
        int pings;
        /** "code reason" of a clean close, or null. */
        String closed;
        /** "code reason" of an abort, or null. */
        String aborted;

        @Override
        public void send(String text) {
            try {
                sent.add(codec.decode(text));
            } catch (ProtocolException e) {
                throw new AssertionError("the link sent a frame that does not decode: " + text, e);
            }
        }

        @Override
        public void ping() {
            pings++;
        }

        @Override
        public void close(int code, String reason) {
            closed = code + " " + reason;
        }

        @Override
        public void abort(int code, String reason) {
            aborted = code + " " + reason;
        }

        /** The frames sent since the last call, oldest first. */
        List<Message> drain() {
            List<Message> out = List.copyOf(sent);
            sent.clear();
            return out;
        }
    }
}
