package com.bikefleet.server.ingest;

import com.bikefleet.model.FixRules;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.GpsState;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.OutboxState;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.protocol.ProtocolException;
import com.bikefleet.model.protocol.Status;
import com.bikefleet.model.protocol.Telemetry;
import com.bikefleet.model.protocol.TelemetryAck;
import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.http.ClientText;
import com.bikefleet.server.live.LiveFeed;
import com.bikefleet.server.live.LiveStatus;
import com.bikefleet.server.metrics.AckKind;
import com.bikefleet.server.metrics.RejectReason;
import com.bikefleet.server.metrics.ServerMetrics;
import com.bikefleet.server.store.BikeStatusUpdate;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.HighestSeqs;
import com.bikefleet.server.store.StoreBusyException;
import com.bikefleet.server.store.StoreWrite;
import com.bikefleet.server.store.TelemetryBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * What the server does with each frame from a bike, in order: decode, check the protocol state,
 * authorize (a bike reports only as itself), validate the fixes, store, and acknowledge after the commit.
 * One instance serves every connection; per-connection state lives in {@link BikeConnection}.
 */
final class IngestHandler {


    /**
     * Characters of a refusal's text sent back and logged: room for the server's own words around a piece of
     * the client's (a type name, a decoder's complaint), never the kilobytes a client put in a frame.
     */
    static final int MAX_PROBLEM_CHARS = 160;

    /** A fix from further in the future than this is a receiver fault, not a fix. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final MessageCodec codec;
    private final FixStore store;
    private final CommandService commands;
    private final Clock clock;
    private final LiveFeed live;
    private final IngestLimits limits;
    private final LongSupplier nanoTime;
    private final ServerMetrics metrics;
    private final AtomicLong fixesStored = new AtomicLong();
    private final AtomicLong framesRejected = new AtomicLong();

    /**
     * @param nanoTime   the monotonic clock for rate limits
     * @param live       told of every committed batch and of bikes coming online; must not block
     * @param metrics    what the server counts for /metrics
     */
    IngestHandler(MessageCodec codec, FixStore store, CommandService commands, Clock clock, IngestLimits limits,
                  LongSupplier nanoTime, LiveFeed live, ServerMetrics metrics) {
        this.codec = codec;
        this.live = live;
        this.metrics = metrics;
        this.store = store;
        this.commands = commands;
        this.clock = clock;
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    /** A fresh message budget for a new connection. */
    RateLimiter newRateLimiter() {
        return new RateLimiter(limits, nanoTime);
    }

    /** @param arrived when the network thread had the frame (System.nanoTime): the ack latency metric runs from it */
    void onFrame(BikeConnection connection, String frame, long arrived) {
        // Before decoding: a flooding bike should cost as little as possible.
        RateLimiter.Verdict verdict = connection.rate().acquire();
        if (verdict != RateLimiter.Verdict.ACCEPT) {
            boolean disconnect = verdict == RateLimiter.Verdict.DISCONNECT;
            rejected(connection, disconnect ? ProtocolCodes.RATE_LIMIT_EXCEEDED : ProtocolCodes.RATE_LIMITED,
                    "more than " + limits.messagesPerSecond() + " messages per second (burst " + limits.burst()
                            + ", ingest.max-messages-per-second)" + (disconnect
                            ? " for " + limits.rateLimitGrace().toSeconds() + " s; disconnected"
                            : "; message dropped"));
            return;
        }
        Message message;
        try {
            message = codec.decode(frame);
        } catch (ProtocolException e) {
            rejected(connection, e.code(), e.getMessage());
            return;
        }
        if (message instanceof Hello hello) {
            if (connection.helloDone()) {
                // A second hello would switch the outbox id under acks counted for the first one's outbox.
                rejected(connection, ProtocolCodes.POLICY_VIOLATION, "hello was already sent on this connection; "
                        + "send it exactly once per connection");
            } else {
                onHello(connection, hello);
            }
        } else if (!connection.helloDone()) {
            rejected(connection, ProtocolCodes.POLICY_VIOLATION, "the first message must be a hello");
        } else if (message instanceof Positions positions) {
            onPositions(connection, positions, arrived);
        } else if (message instanceof Status status) {
            onStatus(connection, status);
        } else if (message instanceof Telemetry telemetry) {
            onTelemetry(connection, telemetry, arrived);
        } else if (message instanceof CommandResult result) {
            String note = connection.logs().admit();
            if (note != null) {
                Logger.info("Bike {} finished command {}: {} {}{}", connection.bikeId(),
                        ClientText.truncate(result.id()), ClientText.truncate(result.status()),
                        result.message() == null ? "" : ClientText.truncate(result.message()), note);
            }
            commands.result(connection.bikeId(), result);
        } else {
            rejected(connection, ProtocolCodes.UNKNOWN_MESSAGE_TYPE,
                    "a bike may not send '" + message.getClass().getSimpleName() + "' messages");
        }
    }

    private void onHello(BikeConnection connection, Hello hello) {
        if (hello.protocol() != ProtocolCodes.PROTOCOL_VERSION) {
            rejected(connection, ProtocolCodes.UNSUPPORTED_PROTOCOL, "protocol version " + hello.protocol()
                    + " is not supported; this server speaks " + ProtocolCodes.PROTOCOL_VERSION);
        } else if (!hello.bikeId().equals(connection.bikeId())) {
            rejected(connection, ProtocolCodes.POLICY_VIOLATION,
                    "hello names bike '" + ClientText.truncate(hello.bikeId()) + "' but this connection is '" + connection.bikeId() + "'");
        } else if (hello.outboxId().isBlank()) {
            rejected(connection, ProtocolCodes.MALFORMED_FRAME, "hello has an empty outboxId");
        } else {
            connection.helloReceived(hello.outboxId(), hello.floor());
            String note = connection.logs().admitIgnoringAddress();
            if (note != null) {
                Logger.info("Bike {} connected: agent {}, outbox {}, floor {}, dropped {}{}", connection.bikeId(),
                        ClientText.truncate(hello.agentVersion()), ClientText.truncate(hello.outboxId()),
                        hello.floor(), hello.dropped(), note);
            }
            tellHighestSeqs(connection, hello);
            // '' for no reset: this outbox replaced nothing, so what an older outbox reported is cleared.
            storeStatus(new BikeStatusUpdate(hello.bikeId(), null, null, hello.dropped(), hello.skipped(),
                    hello.previousOutboxId(), hello.reset() == null ? "" : hello.reset(), clock.instant()));
            commands.bikeConnected(hello.bikeId());
            live.bikeOnline(hello.bikeId());
            live.bikeStatus(LiveStatus.reported(hello.bikeId(), null, null, hello.dropped()));
        }
    }

    /**
     * Answers the hello with the highest seqs stored for its outbox, before anything else is sent on the
     * connection: a bike whose outbox rolled back numbers on from above them instead of reusing numbers the
     * store would ignore as duplicates. A failed read is logged and not answered; the bike goes on without it.
     */
    private void tellHighestSeqs(BikeConnection connection, Hello hello) {
        if (hello.reset() != null) {
            Logger.warn("Bike {} replaced its outbox {} with {}: the old one was {}", hello.bikeId(),
                    hello.previousOutboxId(), hello.outboxId(), hello.reset());
        }
        HighestSeqs highest;
        try {
            highest = store.highestSeqs(hello.bikeId(), hello.outboxId());
        } catch (RuntimeException e) {
            Logger.error(e, "Reading the highest seqs of bike {} failed; its hello is not answered", hello.bikeId());
            return;
        }
        connection.storeHeld(highest.fixes());
        connection.send(new OutboxState(hello.outboxId(), highest.fixes(), highest.telemetry()));
    }

    private void onStatus(BikeConnection connection, Status status) {
        if (GpsState.fromWire(status.gps()) == null) {
            rejected(connection, ProtocolCodes.MALFORMED_FRAME, "gps must be one of " + GpsState.wireNames());
            return;
        }
        storeStatus(new BikeStatusUpdate(connection.bikeId(), status.gps(), status.outboxDepth(),
                status.dropped(), status.skipped(), null, null, clock.instant()));
        live.bikeStatus(LiveStatus.reported(connection.bikeId(), status.gps(), status.outboxDepth(),
                status.dropped()));
    }

    private void onTelemetry(BikeConnection connection, Telemetry telemetry, long arrived) {
        if (!telemetry.bikeId().equals(connection.bikeId())) {
            rejected(connection, ProtocolCodes.POLICY_VIOLATION, "telemetry for bike '" + ClientText.truncate(telemetry.bikeId())
                    + "' on the connection of '" + connection.bikeId() + "'");
            return;
        }
        if (telemetry.readings().isEmpty()) {
            return;
        }
        long floor = telemetry.floor();
        long from = telemetry.readings().stream().mapToLong(Telemetry.Reading::seq).min().orElseThrow();
        long to = telemetry.readings().stream().mapToLong(Telemetry.Reading::seq).max().orElseThrow();
        storeThenAck(connection, new TelemetryBatch(connection.bikeId(), connection.outboxId(),
                telemetry.readings(), clock.instant()), null, null, () -> {
                    battery(telemetry).ifPresent(value -> live.bikeStatus(LiveStatus.battery(telemetry.bikeId(), value)));
                    connection.telemetryAck().floor(floor);
                    connection.telemetryAck().stored(from, to);
                    connection.send(new TelemetryAck(connection.telemetryAck().value()));
                    metrics.ackSent(AckKind.TELEMETRY, arrived);
                });
    }

    private void onPositions(BikeConnection connection, Positions batch, long arrived) {
        if (!batch.bikeId().equals(connection.bikeId())) {
            rejected(connection, ProtocolCodes.POLICY_VIOLATION,
                    "batch for bike '" + ClientText.truncate(batch.bikeId()) + "' on the connection of '" + connection.bikeId() + "'");
            return;
        }
        if (batch.positions().size() > limits.maxFixesPerBatch()) {
            // Refused whole, not split: the bike would otherwise keep sending batches this size.
            rejected(connection, ProtocolCodes.POLICY_VIOLATION, "batch of " + batch.positions().size()
                    + " fixes is over the limit of " + limits.maxFixesPerBatch() + " (ingest.max-fixes-per-batch)");
            return;
        }
        if (batch.positions().isEmpty()) {
            return;
        }
        metrics.fixesReceived(batch.positions().size());
        Instant now = clock.instant();
        Instant latest = now.plus(FUTURE_TOLERANCE);
        List<Position> valid = new ArrayList<>(batch.positions().size());
        String firstProblem = null;
        int invalid = 0;
        long highestSeq = 0;
        long lowestSeq = Long.MAX_VALUE;
        for (Position position : batch.positions()) {
            highestSeq = Math.max(highestSeq, position.seq());
            lowestSeq = Math.min(lowestSeq, position.seq());
            String problem = problems(position, latest);
            if (problem == null) {
                valid.add(position);
            } else {
                invalid++;
                if (firstProblem == null) {
                    firstProblem = "fix seq " + position.seq() + ": " + problem;
                }
            }
        }
        if (invalid > 0) {
            // Not stored, but acknowledged below with the rest: a fix that is wrong now is wrong for ever.
            rejected(connection, ProtocolCodes.INVALID_POSITION, invalid + " fix(es) rejected, first: " + firstProblem);
        }
        long floor = batch.floor();
        long lowest = lowestSeq;
        long highest = highestSeq;
        int stored = valid.size();
        // Even an all-invalid batch goes through the store, so it is acknowledged like the rest of its batch.
        FixBatch write = new FixBatch(connection.bikeId(), connection.outboxId(), valid, batch.live(), now,
                connection.mayRepeat(lowest, highest));
        storeThenAck(connection, write, lowest, highest,
                () -> {
                    fixesStored.addAndGet(stored);
                    metrics.fixesStored(stored);
                    // Handed to the live side before the ack is sent; never blocks (LiveFeed).
                    live.fixesStored(write);
                    if (batch.live() && stored > 0) {
                        // What the bike still held below this live fix: a draining backlog shows here.
                        live.bikeStatus(LiveStatus.backlog(connection.bikeId(), Math.max(0, lowest - 1 - floor)));
                    }
                    CumulativeAck ack = connection.fixesAck();
                    ack.floor(floor);
                    if (highest - lowest + 1 == batch.positions().size()) {
                        ack.stored(lowest, highest);
                    } else {
                        batch.positions().forEach(p -> ack.stored(p.seq(), p.seq()));
                    }
                    connection.send(new Ack(ack.value()));
                    metrics.ackSent(AckKind.FIXES, arrived);
                });
    }

    /** The value of the batch's newest reading named {@code battery} (by seq, the bike's order). */
    private static Optional<String> battery(Telemetry telemetry) {
        return telemetry.readings().stream().filter(r -> "battery".equals(r.name()))
                .max(Comparator.comparingLong(Telemetry.Reading::seq)).map(Telemetry.Reading::value);
    }

    /**
     * Counts and logs (within the connection's log budget) a refusal, then tells the bike, closing when the
     * code says so. The text is cut to {@link #MAX_PROBLEM_CHARS}: it may quote what the client sent.
     */
    private void rejected(BikeConnection connection, int code, String problem) {
        rejected(connection, new ErrorMessage(code, problem));
    }

    private void rejected(BikeConnection connection, ErrorMessage error) {
        int code = error.code();
        metrics.frameRejected(RejectReason.forCode(code));
        String text = ClientText.truncate(error.message(), MAX_PROBLEM_CHARS);
        String note = connection.logs().admit();
        if (note != null) {
            Logger.warn("Bike {} input rejected: {} {}{}", connection.bikeId(), code, text, note);
        }
        connection.reject(new ErrorMessage(code, text, error.firstSeq(), error.lastSeq()));
        // Counted once the answer is decided (sent, or the connection closed for not reading), so whoever
        // sees the count also sees its outcome.
        framesRejected.incrementAndGet();
    }

    /**
     * Acknowledges only after the commit. A failed write closes the connection so the bike resends; a full
     * store answers 4103 and keeps the connection, instead of holding this network thread until there is room.
     * Closing (1013, as before) sent every pushed-back bike through a reconnect, a hello and a resend of all it
     * held, which in a ten-times fleet made more work than the writes that had found the store full.
     */
    private void storeThenAck(BikeConnection connection, StoreWrite write, Long firstSeq, Long lastSeq,
                              Runnable acknowledge) {
        store.write(write).whenComplete((ignored, failure) -> {
            if (failure == null) {
                acknowledge.run();
            } else if (busy(failure)) {
                // With the batch's range, so the bike sends that again and not all it holds above its floor.
                rejected(connection, new ErrorMessage(ProtocolCodes.STORE_BUSY, "the server's store is busy; nothing "
                        + "of this message was stored; the connection stays: send it again in a few seconds",
                        firstSeq, lastSeq));
            } else {
                connection.close(ProtocolCodes.SERVER_ERROR, "storage failed; send again later");
            }
        });
    }

    /**
     * A status is not acknowledged, and a failed write or a full store forgets it: the bike sends its status
     * again within a minute. Counted, not answered: an answer would only make the bike resend its fixes.
     */
    private void storeStatus(BikeStatusUpdate update) {
        store.write(update).whenComplete((ignored, failure) -> {
            if (failure != null && busy(failure)) {
                metrics.frameRejected(RejectReason.STORE_BUSY);
            }
        });
    }

    private static boolean busy(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof StoreBusyException;
    }

    /** @param latest the newest fix time accepted: now plus the tolerance */
    private String problems(Position position, Instant latest) {
        String problem = FixRules.problems(position.fix());
        if (problem == null && position.fix().time().isAfter(latest)) {
            problem = "time " + position.fix().time() + " is in the future";
        }
        return problem;
    }

    long fixesStored() {
        return fixesStored.get();
    }

    long framesRejected() {
        return framesRejected.get();
    }
}
