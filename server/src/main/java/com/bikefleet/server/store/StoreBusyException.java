package com.bikefleet.server.store;

/**
 * The store's queue for this kind of write is full: the write was not queued, nothing of it was stored,
 * and the caller should push back on whoever sent it (ingest answers 4103 naming the refused batch, and
 * the bike sends it again a few seconds later) instead of waiting on a shared thread.
 */
public final class StoreBusyException extends RuntimeException {

    public StoreBusyException(String message) {
        super(message);
    }
}
