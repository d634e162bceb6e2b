package com.bikefleet.server.live;

/** The live endpoint's path, in one place for the endpoint, the auth filter and the docs. */
public final class LivePath {

    public static final String PATH = "/ws/live";
    /** The subprotocol the server answers with when a client offers its token as one (browsers). */
    public static final String SUBPROTOCOL = "bikefleet-live";
    /** An offered subprotocol {@code bearer.<api token>} carries the token; it is never echoed back. */
    public static final String TOKEN_PROTOCOL_PREFIX = "bearer.";

    private LivePath() {
    }
}
