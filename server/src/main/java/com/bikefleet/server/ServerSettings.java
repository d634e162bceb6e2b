package com.bikefleet.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server is started with, checked once.
 *
 * @param bindAddress        address to listen on (127.0.0.1 keeps it local)
 * @param port               TCP port, 0 for any free one
 * @param dataDir            folder of the SQLite database (fixes and bike registry)
 * @param maxFrameBytes      a larger frame from a bike is refused with close code 1009
 * @param idleTimeout        a bike silent for this long is disconnected
 * @param storeQueueCapacity batches waiting for the store before ingest slows down
 * @param maxCommitGroup     batches written in one transaction at most
 * @param tls                the TLS context for wss:// and https://, or null for plain ws:// and http://
 * @param retention          fixes and telemetry older than this (by fix time) are deleted; zero keeps them forever
 */
public record ServerSettings(
        String bindAddress,
        int port,
        Path dataDir,
        int maxFrameBytes,
        Duration idleTimeout,
        int storeQueueCapacity,
        int maxCommitGroup,
        javax.net.ssl.SSLContext tls,
        Duration retention) {

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
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must be zero (keep forever) or positive, was " + retention);
        }
    }

    public static ServerSettings defaults(String bindAddress, int port, Path dataDir) {
        return new ServerSettings(bindAddress, port, dataDir, 256 * 1024, Duration.ofSeconds(120), 10_000, 500, null,
                Duration.ZERO);
    }

    public ServerSettings withMaxFrameBytes(int bytes) {
        return new ServerSettings(bindAddress, port, dataDir, bytes, idleTimeout, storeQueueCapacity, maxCommitGroup,
                tls, retention);
    }

    public ServerSettings withIdleTimeout(Duration timeout) {
        return new ServerSettings(bindAddress, port, dataDir, maxFrameBytes, timeout, storeQueueCapacity, maxCommitGroup,
                tls, retention);
    }

    public ServerSettings withTls(javax.net.ssl.SSLContext context) {
        return new ServerSettings(bindAddress, port, dataDir, maxFrameBytes, idleTimeout, storeQueueCapacity,
                maxCommitGroup, context, retention);
    }

    /** Zero keeps fixes forever. */
    public ServerSettings withRetention(Duration keep) {
        return new ServerSettings(bindAddress, port, dataDir, maxFrameBytes, idleTimeout, storeQueueCapacity,
                maxCommitGroup, tls, keep);
    }
}
