package com.bikefleet.server.backplane;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import com.bikefleet.model.retry.Backoff;
import com.bikefleet.server.presence.PresenceCommands;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.tinylog.Logger;

/**
 * This instance's two connections to Redis (Lettuce): one for publishing and presence scripts, one
 * subscribed to the channels. Nothing here ever waits for Redis: commands are asynchronous, and while Redis
 * is unreachable they fail at once (counted, logged once per outage) instead of queueing.
 *
 * <p>The first connection is made by a background thread that retries with capped full-jitter backoff,
 * so a server starts and serves bikes even when Redis is down; after that Lettuce reconnects by itself
 * (same backoff) and subscribes again.
 */
public final class RedisLink implements PresenceCommands, AutoCloseable {

    private static final Duration BACKOFF_MIN = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final ClientResources resources;
    private final String[] channels;
    private final BiConsumer<String, String> onMessage;
    private final BackplaneCounters counters;
    private final Runnable onConnected;
    private final AtomicBoolean outageLogged = new AtomicBoolean();
    // Set once by the connector thread; read by any thread.
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> subscriptions;
    private volatile boolean closed;
    private final Thread connector;

    /**
     * @param onMessage   told (channel, message) on a Lettuce I/O thread; must not block
     * @param onConnected told each time both connections are up (first time and after each reconnect)
     */
    public RedisLink(String url, List<String> channels, BiConsumer<String, String> onMessage,
                     BackplaneCounters counters, Runnable onConnected) {
        this.channels = channels.toArray(String[]::new);
        this.onMessage = onMessage;
        this.counters = counters;
        this.onConnected = onConnected;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.fullJitter(BACKOFF_MIN, BACKOFF_MAX, 100, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(10_000)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        this.connector = new Thread(this::connectUntilUp, "redis-connector");
        connector.setDaemon(true);
        connector.start();
    }

    private void connectUntilUp() {
        // Owned by this connector thread.
        Backoff backoff = new Backoff(BACKOFF_MIN, BACKOFF_MAX, ThreadLocalRandom.current());
        while (!closed) {
            StatefulRedisPubSubConnection<String, String> sub = null;
            try {
                sub = client.connectPubSub();
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        counters.received.incrementAndGet();
                        onMessage.accept(channel, message);
                    }
                });
                sub.sync().subscribe(channels);
                StatefulRedisConnection<String, String> pub = client.connect();
                client.addListener(new io.lettuce.core.RedisConnectionStateListener() {
                    @Override
                    public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection,
                                                 java.net.SocketAddress address) {
                        if (connection == pub) {
                            Logger.info("Backplane: Redis connection restored");
                            outageLogged.set(false);
                            onConnected.run();
                        }
                    }
                });
                subscriptions = sub;
                commands = pub;
                Logger.info("Backplane: connected to Redis, subscribed to {}", List.of(channels));
                onConnected.run();
                return;
            } catch (RuntimeException e) {
                if (sub != null) {
                    sub.close();
                }
                outage(e);
                try {
                    Thread.sleep(backoff.nextDelay().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Both connections are open now. */
    public boolean isUp() {
        StatefulRedisConnection<String, String> pub = commands;
        StatefulRedisPubSubConnection<String, String> sub = subscriptions;
        return pub != null && sub != null && pub.isOpen() && sub.isOpen();
    }

    /** Publishes without waiting; a failure is counted and logged once per outage. */
    public void publish(String channel, String message) {
        StatefulRedisConnection<String, String> pub = commands;
        if (pub == null) {
            failed(null);
            return;
        }
        try {
            pub.async().publish(channel, message).whenComplete((receivers, failure) -> {
                if (failure == null) {
                    counters.published.incrementAndGet();
                } else {
                    failed(failure);
                }
            });
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public <T> CompletionStage<T> eval(String script, ScriptOutputType type, String[] keys, String... args) {
        StatefulRedisConnection<String, String> pub = commands;
        if (pub == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        try {
            return pub.async().<T>eval(script, type, keys, args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<String> get(String key) {
        StatefulRedisConnection<String, String> pub = commands;
        if (pub == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        try {
            return pub.async().get(key);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void failed(Throwable failure) {
        counters.publishFailures.incrementAndGet();
        outage(failure);
    }

    private void outage(Throwable failure) {
        if (outageLogged.compareAndSet(false, true)) {
            Logger.warn("Backplane: Redis unreachable ({}); bikes and storage carry on, listeners on other "
                    + "instances miss this instance's live updates until it is back",
                    failure == null ? "not connected yet" : failure.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        StatefulRedisConnection<String, String> pub = commands;
        StatefulRedisPubSubConnection<String, String> sub = subscriptions;
        if (sub != null) {
            sub.close();
        }
        if (pub != null) {
            pub.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
