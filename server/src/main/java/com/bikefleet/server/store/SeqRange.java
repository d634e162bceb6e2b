package com.bikefleet.server.store;

/** Sequence numbers {@code first..last}, both included. */
public record SeqRange(long first, long last) {

    public long count() {
        return last - first + 1;
    }
}
