package com.bikefleet.server.ingest;

import com.bikefleet.server.http.BearerAuth;
import com.bikefleet.server.http.LogBudget;
import com.bikefleet.server.http.RefusedUpgrade;
import com.bikefleet.server.http.UpgradeGuard;
import com.bikefleet.server.registry.BikeRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.Header;
import org.tinylog.Logger;

/**
 * Who may open {@code /ws/bikes/{bikeId}}: the bike whose id is the last path segment, with its token as
 * {@code Authorization: Bearer <token>}. The gate hands this only canonical paths, so the id here is the id
 * Tyrus will give the endpoint.
 *
 * <p>A refused bike gets a complete {@code 401} and a closed connection. An authenticated bike that arrives
 * while the store is behind is deferred the same way with {@code 503} and a {@code Retry-After}
 * ({@link HandshakeAdmission}); authentication comes first so that a wrong token is reported as such even
 * then.
 *
 * <p>Each admitted upgrade is numbered in the order of admission and the number is handed to the endpoint in
 * the request's query ({@link BikePath#ADMISSION}), so that of two connections of a bike the later admitted
 * one is kept however their onOpen calls are ordered ({@link ConnectedBikes}).
 */
final class BikeUpgradeGuard implements UpgradeGuard {

    private final BikeRegistry registry;
    private final HandshakeAdmission admission;
    private final int maxFrameBytes;
    private final LogBudget logs;
    private final AtomicLong admissions = new AtomicLong();

    BikeUpgradeGuard(BikeRegistry registry, HandshakeAdmission admission, int maxFrameBytes, LogBudget logs) {
        this.registry = registry;
        this.admission = admission;
        this.maxFrameBytes = maxFrameBytes;
        this.logs = logs;
    }

    @Override
    public boolean serves(String path) {
        return BikePath.bikeId(path) != null;
    }

    @Override
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    @Override
    public boolean admit(FilterChainContext ctx, HttpRequestPacket request, String path) {
        String bikeId = BikePath.bikeId(path);
        String token = BearerAuth.token(request.getHeader(Header.Authorization));
        if (registry.authenticate(bikeId, token)) {
            Integer retryAfter = admission.deferral();
            if (retryAfter == null) {
                request.setQueryString(BikePath.admissionQuery(admissions.incrementAndGet()));
                return true;
            }
            // Not logged per bike: during an overload this happens thousands of times; /metrics counts it.
            RefusedUpgrade.comeBackLater(ctx, request, retryAfter);
            return false;
        }
        // Unauthenticated: within the address' log budget, or counted and not written.
        String note = logs.address(request.getRemoteAddress()).admit();
        if (note != null) {
            Logger.warn("Refused bike handshake for '{}' from {}: {}{}", bikeId, request.getRemoteAddress(),
                    token == null ? "no bearer token" : "wrong token or unknown bike", note);
        }
        BearerAuth.refuseUpgrade(ctx, request, "bikes");
        return false;
    }
}
