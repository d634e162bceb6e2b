package com.bikefleet.server.ingest;

import com.bikefleet.server.registry.BikeRegistry;

/** The bike endpoint's path, in one place for the endpoint, the guard and the docs. */
public final class BikePath {

    public static final String PREFIX = "/ws/bikes/";
    public static final String TEMPLATE = PREFIX + "{bikeId}";

    private BikePath() {
    }

    /** The bike id of a path {@code /ws/bikes/{id}} whose id is a valid bike id; null for any other path. */
    static String bikeId(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String id = path.substring(PREFIX.length());
        return BikeRegistry.BIKE_ID.matcher(id).matches() ? id : null;
    }
}
