package com.bikefleet.server.live;

/** The live endpoint's path, in one place for the endpoint, the auth filter and the docs. */
public final class LivePath {

    public static final String PATH = "/ws/live";

    private LivePath() {
    }
}
