package com.bikefleet.sim;

import com.bikefleet.model.retry.Backoff;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An app or dashboard of the lean mode on {@code /ws/live}: subscribes as {@link LiveClient} does and reads
 * each position update's fix time straight out of the frame's bytes (the server writes every update as
 * {@code {"type":"position","bikeId":"...","position":{"time":"...",...}}}), without a string or a JSON tree
 * per update: a dashboard on the whole fleet gets ten thousand updates a second at ten times the seed rate.
 * Every position update counts as one of the run's bikes: the bench's server holds no other bikes.
 */
final class LeanListener extends LeanConnection {

    private static final byte[] UPDATES = WsWire.ascii("{\"type\":\"updates\"");
    private static final byte[] POSITION = WsWire.ascii("{\"type\":\"position\",\"bikeId\":\"");
    private static final byte[] TIME = WsWire.ascii("{\"time\":\"");

    private final LeanFleet fleet;
    private final byte[] upgrade;
    private final byte[] subscribe;
    private boolean connectedBefore;

    LeanListener(LeanLoop loop, InetSocketAddress server, InetAddress source, Backoff backoff, String apiToken,
                 String subscribe, LeanFleet fleet) {
        super(loop, server, source, backoff, 16 * 1024);
        this.fleet = fleet;
        this.upgrade = WsWire.ascii("GET /ws/live HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + LeanFleet.WEBSOCKET_KEY
                + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + apiToken + "\r\n\r\n");
        this.subscribe = WsWire.frame(1, WsWire.ascii(subscribe));
    }

    @Override
    byte[] upgradeRequest() {
        return upgrade;
    }

    @Override
    void opened() {
        if (connectedBefore) {
            fleet.stats.listenerReconnects.increment();
        }
        connectedBefore = true;
        fleet.stats.connectedListeners.incrementAndGet();
        send(subscribe);
    }

    @Override
    void text(byte[] a, int from, int to) {
        if (!WsWire.startsWith(a, from, to, UPDATES)) {
            return;
        }
        long nowMicros = VirtualBike.micros(java.time.Instant.now());
        long measuringSince = fleet.listenersMeasuringSince();
        int at = from;
        while ((at = WsWire.indexOf(a, at, to, POSITION)) >= 0) {
            int time = WsWire.indexOf(a, at + POSITION.length, to, TIME);
            if (time < 0) {
                fleet.stats.listenerErrors.increment();
                return;
            }
            at = time + TIME.length;
            long fixMillis = WsWire.parseIsoMillis(a, at, to);
            if (fixMillis < 0) {
                fleet.stats.listenerErrors.increment();
                continue;
            }
            fleet.stats.delivered.increment();
            // A fix reported before measuring began does not count, as with LiveClient.
            if (fixMillis >= measuringSince) {
                fleet.stats.listenerLatencyMicros(nowMicros - fixMillis * 1000);
            }
        }
    }

    @Override
    void lost(boolean wasOpen) {
        if (wasOpen) {
            fleet.stats.connectedListeners.decrementAndGet();
        }
    }
}
