package com.bikefleet.agent.link;

import java.net.URI;
import java.time.Duration;

/**
 * How the agent talks to the server.
 *
 * @param endpoint          the bike's WebSocket URL, {@code <server.url>/ws/bikes/<bike.id>}
 * @param bikeId            the bike's id
 * @param token             the bike's secret, sent as a bearer token
 * @param agentVersion      reported in the hello
 * @param batchSize         fixes per backlog message at most
 * @param window            backlog batches sent but not yet acknowledged, at most
 * @param handshakeTimeout  how long a connection attempt may take
 * @param stableAfter       a connection up this long resets the backoff
 * @param pingInterval      how often the agent pings the server
 * @param pongTimeout       a ping unanswered this long means the link is dead
 * @param statusEvery       how often the bike's status is repeated while connected
 */
public record LinkSettings(
        URI endpoint,
        String bikeId,
        String token,
        String agentVersion,
        int batchSize,
        int window,
        Duration handshakeTimeout,
        Duration stableAfter,
        Duration pingInterval,
        Duration pongTimeout,
        Duration statusEvery) {

    public static URI endpointFor(URI serverUrl, String bikeId) {
        String base = serverUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/ws/bikes/" + bikeId);
    }
}
