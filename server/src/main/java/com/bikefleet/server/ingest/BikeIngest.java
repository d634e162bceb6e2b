package com.bikefleet.server.ingest;

import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.server.http.LogBudget;
import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.http.UpgradeGuard;
import com.bikefleet.server.live.LiveFeed;
import com.bikefleet.server.metrics.ServerMetrics;
import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.store.FixStore;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Clock;
import java.time.Duration;

/** The bike-facing side of the server: builds the endpoint and exposes what it counts. */
public final class BikeIngest implements AutoCloseable {

    /** Characters of large frames that may wait for the bulk lane: some 500 backlog batches of 500 fixes. */
    private static final int BULK_LANE_CAPACITY_CHARS = 32 * 1024 * 1024;

    private final ConnectedBikes connected = new ConnectedBikes();
    private final IngestHandler handler;
    private final BulkFrameLane bulkFrames;
    private final ServerEndpointConfig endpointConfig;
    private final BikeUpgradeGuard guard;
    private final BikeSends sends = new BikeSends(BikeSends.DEFAULT_MAX_QUEUED_BYTES);

    /**
     * @param live    told of every committed batch and of bikes going online and offline; must not block
     * @param metrics what the server counts for /metrics
     * @param admission whether an authenticated bike may connect now or is told to come back later
     * @param logs    the server's budget of log lines per connection and address
     */
    public BikeIngest(BikeRegistry registry, FixStore store, CommandService commands, Clock clock,
                      Duration idleTimeout, int maxFrameBytes, IngestLimits limits, LiveFeed live,
                      ServerMetrics metrics, HandshakeAdmission admission, LogBudget logs) {
        MessageCodec codec = new MessageCodec();
        this.handler = new IngestHandler(codec, store, commands, clock, limits, System::nanoTime, live, metrics);
        this.bulkFrames = new BulkFrameLane(handler::onFrame, BulkFrameLane.LARGE_FRAME_CHARS, BULK_LANE_CAPACITY_CHARS);
        commands.sender(connected);
        this.guard = new BikeUpgradeGuard(registry, admission, maxFrameBytes, logs);
        long idleMillis = idleTimeout.toMillis();
        this.endpointConfig = ServerEndpointConfig.Builder.create(BikeEndpoint.class, BikePath.TEMPLATE)
                .configurator(new BikeHandshake(() -> new BikeEndpoint(handler, bulkFrames, connected, codec, idleMillis,
                        maxFrameBytes, live, sends, logs)))
                .build();
    }

    public ServerEndpointConfig endpointConfig() {
        return endpointConfig;
    }

    /** Who may open a bike connection, for the web server's upgrade gate. */
    public UpgradeGuard guard() {
        return guard;
    }

    public ConnectedBikes connected() {
        return connected;
    }

    public long fixesStored() {
        return handler.fixesStored();
    }

    public long framesRejected() {
        return handler.framesRejected();
    }

    /** Bytes of frames to bikes not yet written to their sockets, over all connections. */
    public long queuedBytes() {
        return sends.queuedBytes().sum();
    }

    /** Bike connections closed (1008) because their replies piled up unread. */
    public long closedNotReading() {
        return sends.closedNotReading().get();
    }

    /** Bytes of unsent frames at which one bike's connection counts as not reading. */
    public long maxQueuedBytes() {
        return sends.maxQueuedBytes();
    }

    /** Hands the large frames still waiting to the store; call after the web server has stopped, before the store. */
    @Override
    public void close() {
        bulkFrames.close();
    }
}
