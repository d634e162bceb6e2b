package com.bikefleet.server.store;

/**
 * The store's queue for this kind of write is full: the write was not queued, nothing of it was stored,
 * and the caller should push back on whoever sent it (ingest closes the bike's connection with 1013, so
 * the bike sends it again after its backoff) instead of waiting on a shared thread.
 */
public final class StoreBusyException extends RuntimeException {

    public StoreBusyException(String message) {
        super(message);
    }
}
