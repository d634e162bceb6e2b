package com.bikefleet.server.ingest;

/** The bike endpoint's path, in one place for the endpoint, the handshake and the docs. */
public final class BikePath {

    public static final String PREFIX = "/ws/bikes/";
    public static final String TEMPLATE = PREFIX + "{bikeId}";

    private BikePath() {
    }

    /** The bike id in a request path, or null when the path has none. */
    static String bikeId(String path) {
        if (path == null || !path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            return null;
        }
        String id = path.substring(PREFIX.length());
        return id.indexOf('/') >= 0 ? null : id;
    }
}
