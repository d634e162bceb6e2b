package com.bikefleet.server;

import com.bikefleet.server.http.HttpTimeouts;
import com.bikefleet.server.ingest.IngestLimits;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Everything the server is started with, checked once. Operators write these as keys in a config file
 * ({@code com.bikefleet.server.config.ServerConfig}, docs/server.md); tests build them directly.
 *
 * @param bindAddress        address to listen on (127.0.0.1 keeps it local)
 * @param port               TCP port, 0 for any free one
 * @param dataDir            folder of the SQLite database (fixes and bike registry)
 * @param maxFrameBytes      a larger frame from a bike is refused with close code 1009
 * @param idleTimeout        a bike silent for this long is disconnected
 * @param storeQueueCapacity writes each of the store's lanes holds; a bike whose write finds its lane full is
 *                           told 4103 (not stored; the connection stays)
 * @param maxCommitGroup     batches written in one transaction at most
 * @param tls                the TLS context for wss:// and https://, or null for plain ws:// and http://
 * @param limits             what one bike may send
 * @param retention          fixes and telemetry older than this (by fix time) are deleted; zero keeps them forever
 * @param httpTimeouts       how long a connection that is not a WebSocket may take to send a request head
 */
public record ServerSettings(
        String bindAddress,
        int port,
        Path dataDir,
        int maxFrameBytes,
        Duration idleTimeout,
        int storeQueueCapacity,
        int maxCommitGroup,
        SSLContext tls,
        IngestLimits limits,
        Duration retention,
        HttpTimeouts httpTimeouts) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_FRAME_BYTES = 256 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_STORE_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_MAX_COMMIT_GROUP = 500;

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("max frame size must be at least 1024 bytes, was " + maxFrameBytes);
        }
        if (idleTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("idle timeout must be at least 1s, was " + idleTimeout);
        }
        if (storeQueueCapacity < 1 || maxCommitGroup < 1) {
            throw new IllegalArgumentException("store queue capacity and commit group must be positive");
        }
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("retention must be zero (keep forever) or positive, was " + retention);
        }
        if (httpTimeouts == null) {
            throw new IllegalArgumentException("HTTP timeouts are required");
        }
        if (limits == null) {
            throw new IllegalArgumentException("ingest limits are required");
        }
    }

    public static ServerSettings defaults(String bindAddress, int port, Path dataDir) {
        return new ServerSettings(bindAddress, port, dataDir, DEFAULT_MAX_FRAME_BYTES, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_STORE_QUEUE_CAPACITY, DEFAULT_MAX_COMMIT_GROUP, null, IngestLimits.DEFAULTS, Duration.ZERO,
                HttpTimeouts.DEFAULTS);
    }

    public ServerSettings withMaxFrameBytes(int bytes) {
        return new ServerSettings(bindAddress, port, dataDir, bytes, idleTimeout, storeQueueCapacity, maxCommitGroup,
                tls, limits, retention, httpTimeouts);
    }

    public ServerSettings withIdleTimeout(Duration timeout) {
        return new ServerSettings(bindAddress, port, dataDir, maxFrameBytes, timeout, storeQueueCapacity, maxCommitGroup,
                tls, limits, retention, httpTimeouts);
    }

    public ServerSettings withTls(SSLContext context) {
        return new ServerSettings(bindAddress, port, dataDir, maxFrameBytes, idleTimeout, storeQueueCapacity,
                maxCommitGroup, context, limits, retention, httpTimeouts);
    }

    public ServerSettings withLimits(IngestLimits newLimits) {
        return new ServerSettings(bindAddress, port, dataDir, maxFrameBytes, idleTimeout, storeQueueCapacity,
                maxCommitGroup, tls, newLimits, retention, httpTimeouts);
    }

    /** How many writes each of the store's lanes holds, and how many go in one transaction. */
    public ServerSettings withStore(int queueCapacity, int commitGroup) {
        return new ServerSettings(bindAddress, port, dataDir, maxFrameBytes, idleTimeout, queueCapacity,
                commitGroup, tls, limits, retention, httpTimeouts);
    }

    /** Zero keeps fixes forever. */
    public ServerSettings withRetention(Duration keep) {
        return new ServerSettings(bindAddress, port, dataDir, maxFrameBytes, idleTimeout, storeQueueCapacity,
                maxCommitGroup, tls, limits, keep, httpTimeouts);
    }

    /** How long a connection that is not a WebSocket may take to deliver a request head. */
    public ServerSettings withHttpTimeouts(HttpTimeouts timeouts) {
        return new ServerSettings(bindAddress, port, dataDir, maxFrameBytes, idleTimeout, storeQueueCapacity,
                maxCommitGroup, tls, limits, retention, timeouts);
    }
}
