package com.bikefleet.server.backplane;

/** The Redis pub/sub channels instances share. */
final class Channels {

    /** Positions, online/offline and rosters, for every instance. */
    static final String LIVE = "bikefleet:live";

    private Channels() {
    }

    /** Messages for one instance only: command nudges and replaced connections. */
    static String instance(String instanceId) {
        return "bikefleet:instance:" + instanceId;
    }
}
