package com.bikefleet.server.store;

/**
 * Learns of each committed storage transaction, on the committer's thread, so it must not block: how many
 * writes it held and how long writing and committing them took (with SQLite that includes the fsync and any
 * WAL checkpoint the commit triggered), so stalls of the disk can be told from stalls elsewhere.
 */
@FunctionalInterface
public interface CommitObserver {

    CommitObserver NONE = (writes, nanos) -> { };

    void committed(int writes, long nanos);
}
