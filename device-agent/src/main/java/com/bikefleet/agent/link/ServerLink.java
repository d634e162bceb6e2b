package com.bikefleet.agent.link;

import com.bikefleet.agent.outbox.FixOutbox;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.GpsState;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.retry.Backoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * The agent's connection to the server, kept up for good: it makes one {@link LinkSession} per attempt
 * (which connects, says hello, sends and acknowledges), and when a session ends it waits as the
 * {@link Backoff} says and makes the next. A connection that stayed up {@link LinkSettings#stableAfter}
 * resets the backoff. Never gives up.
 *
 * <p>States: WAITING (a reconnect is scheduled) -> ATTEMPT (a session dials or is open) -> WAITING ...,
 * and CLOSED once {@link #close} was called. A session's end is heard once, and only from the current one.
 *
 * <p>Threads: every method must be called on the link's thread ({@link LinkScheduler}, the agent's worker),
 * which also owns the outbox; the {@link Dialer} hands every connection event to that thread.
 */
public final class ServerLink {

    private final LinkSettings settings;
    private final FixOutbox outbox;
    private final LinkScheduler scheduler;
    private final Dialer dialer;
    private final Backoff backoff;
    private final LinkListener listener;
    private final MessageCodec codec = new MessageCodec();
    private final Sessions sessions = new Sessions();

    /** The attempt under way or the open connection; null while waiting to reconnect, and once closed. */
    private LinkSession current;
    private LinkScheduler.Task reconnect;
    private boolean closed;
    private String gpsState = GpsState.NO_DATA.wireName();
    /** Results of commands finished while offline, sent on the next connection. */
    private final Deque<CommandResult> pendingResults = new ArrayDeque<>();
    private final ReconnectLog reconnectLog = new ReconnectLog();

    public ServerLink(LinkSettings settings, FixOutbox outbox, LinkScheduler scheduler, Dialer dialer, Backoff backoff,
                      LinkListener listener) {
        this.settings = settings;
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.dialer = dialer;
        this.backoff = backoff;
        this.listener = listener;
    }

    /** Starts connecting. */
    public void start() {
        connect();
    }

    /** A fix was committed to the outbox: send it now if connected. */
    public void fixAppended(Position position) {
        if (current != null) {
            current.fixAppended(position);
        }
    }

    /** A telemetry reading was committed to the outbox. */
    public void readingAppended() {
        if (current != null) {
            current.readingAppended();
        }
    }

    /** The GPS state changed ({@code fix}, {@code no_fix}, {@code no_data}). */
    public void gpsState(String state) {
        gpsState = state;
        if (current != null) {
            current.gpsState(state);
        }
    }

    /** The network changed: if waiting to reconnect, try now; if connected, check the link at once. */
    public void connectivityChanged() {
        if (current == null && reconnect != null && !closed) {
            reconnect.cancel();
            Logger.info("Network changed: reconnecting now");
            connect();
        } else if (current != null) {
            current.connectivityChanged();
        }
    }

    public boolean isOpen() {
        return current != null && current.isOpen();
    }

    /** Sends a command's result now, or on the next connection. */
    public void sendCommandResult(CommandResult result) {
        if (isOpen()) {
            current.sendCommandResult(result);
        } else {
            pendingResults.addLast(result);
        }
    }

    /** Stops for good: closes the connection cleanly and cancels any reconnect. */
    public void close() {
        closed = true;
        if (reconnect != null) {
            reconnect.cancel();
        }
        if (current != null) {
            current.cancel();
            current = null;
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        reconnect = null;
        current = new LinkSession(settings, outbox, scheduler, codec, gpsState, sessions, listener);
        dialer.dial(current);
    }

    /** Sends what waited for a connection; called by the session once its hello and status went out. */
    private void opened(LinkSession session) {
        if (session != current) {
            return;
        }
        reconnectLog.connected();
        while (!pendingResults.isEmpty() && session.isOpen()) {
            session.sendCommandResult(pendingResults.removeFirst());
        }
        listener.onConnected();
    }

    /** Schedules the next attempt; a session that is no longer current is not heard. */
    private void ended(LinkSession session, Disconnect why) {
        if (session != current || closed) {
            return;
        }
        long opened = session.openedAtNanos();
        if (opened >= 0 && scheduler.nanoTime() - opened >= settings.stableAfter().toNanos()) {
            backoff.reset();
        }
        current = null;
        Duration delay = why.retryAfter() != null ? backoff.serverDelay(why.retryAfter()) : backoff.nextDelay();
        if (why.unauthorized()) {
            Logger.error("The server refused bike '{}' (HTTP 401): check bike.id and bike.token; retrying in {} ms",
                    settings.bikeId(), delay.toMillis());
            listener.onUnauthorized();
        } else {
            ReconnectLog.Line line = reconnectLog.failed(why.reason(), scheduler.nanoTime());
            if (!line.info()) {
                Logger.debug("Disconnected ({}); reconnecting in {} ms", why.reason(), delay.toMillis());
            } else if (line.attemptsSinceLogged() > 1) {
                Logger.info("Still disconnected ({}, {} attempts since the last line); reconnecting in {} ms",
                        why.reason(), line.attemptsSinceLogged(), delay.toMillis());
            } else {
                Logger.info("Disconnected ({}); reconnecting in {} ms (the same failure again is logged every "
                        + "{} minutes)", why.reason(), delay.toMillis(),
                        TimeUnit.NANOSECONDS.toMinutes(ReconnectLog.REPEAT_NANOS));
            }
        }
        listener.onDisconnected(why.reason(), delay.toMillis());
        reconnect = scheduler.schedule(delay, this::connect);
    }

    /** The sessions' view of this link, kept off its public API. */
    private final class Sessions implements LinkSession.Owner {

        @Override
        public void opened(LinkSession session) {
            ServerLink.this.opened(session);
        }

        @Override
        public void ended(LinkSession session, Disconnect why) {
            ServerLink.this.ended(session, why);
        }
    }
}
