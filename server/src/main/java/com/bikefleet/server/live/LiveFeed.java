package com.bikefleet.server.live;

import com.bikefleet.server.store.FixBatch;

/**
 * What ingest tells the live fan-out. Implementations must return at once: ingest calls them on the store's
 * acks thread (fixes, telemetry) and on Grizzly worker threads (online/offline, status), which must never
 * wait for a listener. The server puts a {@link LiveHandoff} in front of the hub for that.
 */
public interface LiveFeed {

    /** A batch has been committed; only live batches are pushed. */
    void fixesStored(FixBatch batch);

    /** The bike's connection is past its hello. */
    void bikeOnline(String bikeId);

    /** The bike's last connection closed (not when a newer connection replaced it). */
    void bikeOffline(String bikeId);

    /** The bike said something about itself (hello, status, telemetry, a live batch's floor). */
    default void bikeStatus(LiveStatus status) {
    }
}
