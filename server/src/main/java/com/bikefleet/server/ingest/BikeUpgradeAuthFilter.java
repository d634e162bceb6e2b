package com.bikefleet.server.ingest;

import com.bikefleet.server.registry.BikeRegistry;
import java.io.IOException;
import com.bikefleet.server.http.BearerAuth;
import com.bikefleet.server.http.CheckedUpgrade;
import com.bikefleet.server.http.RefusedUpgrade;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.Header;
import org.tinylog.Logger;

/**
 * Checks a bike's credentials before Tyrus sees the upgrade request: the bike id is the last path segment
 * of {@code /ws/bikes/{bikeId}}, the token comes as {@code Authorization: Bearer <token>}.
 *
 * <p>Tyrus has no clean way to refuse: a 401 set in a configurator still opens the WebSocket, and a
 * refused upgrade is written without a length and left open, so the client waits for its timeout. Here a
 * refused bike gets a complete {@code 401} with {@code Content-Length: 0}, and the connection is closed.
 * An authenticated bike that arrives while the store is behind is deferred the same way with {@code 503}
 * and a {@code Retry-After} ({@link HandshakeAdmission}); authentication comes first so that a wrong token
 * is reported as such even then. Only the handshake is checked, not the frames that follow on its connection
 * ({@link CheckedUpgrade}).
 */
final class BikeUpgradeAuthFilter extends BaseFilter {

    private final BikeRegistry registry;
    private final HandshakeAdmission admission;

    BikeUpgradeAuthFilter(BikeRegistry registry, HandshakeAdmission admission) {
        this.registry = registry;
        this.admission = admission;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        HttpRequestPacket request = CheckedUpgrade.awaitingCheck(ctx, uri -> uri.startsWith(BikePath.PREFIX));
        if (request == null) {
            return ctx.getInvokeAction();
        }
        String bikeId = BikePath.bikeId(request.getRequestURI());
        String token = BearerAuth.token(request.getHeader(Header.Authorization));
        if (registry.authenticate(bikeId, token)) {
            Integer retryAfter = admission.deferral();
            if (retryAfter == null) {
                CheckedUpgrade.markChecked(request);
                return ctx.getInvokeAction();
            }
            // Not logged per bike: during an overload this happens thousands of times; /metrics counts it.
            RefusedUpgrade.comeBackLater(ctx, request, retryAfter);
            return ctx.getStopAction();
        }
        Logger.warn("Refused bike handshake for '{}' from {}: {}", bikeId, request.getRemoteAddress(),
                token == null ? "no bearer token" : "wrong token or unknown bike");
        BearerAuth.refuseUpgrade(ctx, request, "bikes");
        return ctx.getStopAction();
    }

}
