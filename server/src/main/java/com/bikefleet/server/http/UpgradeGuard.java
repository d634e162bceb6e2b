package com.bikefleet.server.http;

import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpRequestPacket;

/**
 * The admission rule of one WebSocket endpoint: which canonical paths it serves, who may connect to them,
 * and how large a frame its clients may send. {@link UpgradeGate} asks it only for paths it serves.
 */
public interface UpgradeGuard {

    /** Whether this endpoint serves {@code path}, compared exactly (the path is already canonical). */
    boolean serves(String path);

    /** The largest frame, and message, a client of this endpoint may send; a larger one is closed with 1009. */
    int maxFrameBytes();

    /**
     * Authenticates the request. Returns true to let the upgrade through; otherwise the guard has already
     * answered (401, 503, ...) with {@link RefusedUpgrade} and the gate stops the request there.
     */
    boolean admit(FilterChainContext ctx, HttpRequestPacket request, String path);
}
