package com.bikefleet.server.ingest;

import com.bikefleet.server.registry.BikeRegistry;
import java.util.List;
import java.util.Map;

/** The bike endpoint's path, in one place for the endpoint, the guard and the docs. */
public final class BikePath {

    public static final String PREFIX = "/ws/bikes/";
    public static final String TEMPLATE = PREFIX + "{bikeId}";

    /**
     * The query parameter in which {@link BikeUpgradeGuard} hands the endpoint the upgrade's admission number:
     * the guard replaces whatever query the client sent, and Tyrus passes the query on to the session.
     */
    static final String ADMISSION = "admission";

    private BikePath() {
    }

    /** The query that tells the endpoint it is the {@code admission}th upgrade admitted. */
    static String admissionQuery(long admission) {
        return ADMISSION + "=" + admission;
    }

    /** The admission number from a session's request parameters; every upgrade the guard admits has one. */
    static long admission(Map<String, List<String>> requestParameters) {
        List<String> values = requestParameters.get(ADMISSION);
        if (values == null || values.size() != 1) {
            throw new IllegalStateException("a bike upgrade without its admission number: " + values);
        }
        return Long.parseLong(values.get(0));
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
