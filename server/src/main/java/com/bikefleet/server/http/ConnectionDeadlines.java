package com.bikefleet.server.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpContext;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.tinylog.Logger;

/**
 * Closes connections that do not finish a request in time (HttpTimeouts): from being accepted, and from
 * the end of each response, a connection must deliver a complete request head before its deadline. While a
 * request is being served there is no deadline, and a connection that became a WebSocket never gets one
 * again: its liveness is the WebSocket idle timeout's business.
 *
 * <p>Sits after the HTTP codec, so a request it sees is one whose head is complete; a response's end
 * passes it on the way down. One daemon thread sweeps the deadlines every {@link #SWEEP_MILLIS}.
 */
final class ConnectionDeadlines extends BaseFilter implements AutoCloseable {

    static final long SWEEP_MILLIS = 250;

    private final HttpTimeouts timeouts;
    private final Map<Connection<?>, Long> deadlines = new ConcurrentHashMap<>();
    /** Connections told to close (a close frame sent): what they send meanwhile does not move these. */
    private final Map<Connection<?>, Long> closing = new ConcurrentHashMap<>();
    private final LongAdder closed = new LongAdder();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "connection-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    ConnectionDeadlines(HttpTimeouts timeouts) {
        this.timeouts = timeouts;
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Connections closed so far for missing their deadline. */
    long closedCount() {
        return closed.sum();
    }

    /** Connections now waiting for a request head. */
    int waiting() {
        return deadlines.size();
    }

    /** Closes {@code connection} after {@code grace}, whatever it does meanwhile. */
    void closeWithin(Connection<?> connection, Duration grace) {
        closing.put(connection, System.nanoTime() + grace.toNanos());
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        deadlines.put(ctx.getConnection(), System.nanoTime() + timeouts.requestHead().toNanos());
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content && content.getHttpHeader() instanceof HttpRequestPacket) {
            deadlines.remove(ctx.getConnection());
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.ResponseCompleteEvent.TYPE) {
            HttpContext context = HttpContext.get(ctx);
            // An upgrade either became a WebSocket or was refused and is being closed: no keep-alive either way.
            if (context != null && !UpgradeGate.asksForWebSocket(context.getRequest()) && ctx.getConnection().isOpen()) {
                deadlines.put(ctx.getConnection(), System.nanoTime() + timeouts.keepAliveIdle().toNanos());
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        deadlines.remove(ctx.getConnection());
        closing.remove(ctx.getConnection());
        return ctx.getInvokeAction();
    }

    private void sweep() {
        long now = System.nanoTime();
        sweep(deadlines, now, true);
        sweep(closing, now, false);
    }

    private void sweep(Map<Connection<?>, Long> due, long now, boolean count) {
        due.forEach((connection, deadline) -> {
            if (now - deadline >= 0 && due.remove(connection, deadline)) {
                if (count) {
                    closed.increment();
                }
                connection.closeSilently();
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        if (closed.sum() > 0) {
            Logger.debug("{} connections were closed for not finishing a request in time", closed.sum());
        }
    }
}
