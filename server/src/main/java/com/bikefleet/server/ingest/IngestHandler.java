package com.bikefleet.server.ingest;

import com.bikefleet.model.FixRules;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.protocol.ProtocolException;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.FixStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * What the server does with each frame from a bike, in order: decode, check the protocol state,
 * authorize (a bike reports only as itself), validate the fixes, store, and acknowledge after the commit.
 * One instance serves every connection; per-connection state lives in {@link BikeConnection}.
 */
final class IngestHandler {

    /** A fix from further in the future than this is a receiver fault, not a fix. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final MessageCodec codec;
    private final FixStore store;
    private final Clock clock;
    private final AtomicLong fixesStored = new AtomicLong();
    private final AtomicLong framesRejected = new AtomicLong();

    IngestHandler(MessageCodec codec, FixStore store, Clock clock) {
        this.codec = codec;
        this.store = store;
        this.clock = clock;
    }

    void onFrame(BikeConnection connection, String frame) {
        Message message;
        try {
            message = codec.decode(frame);
        } catch (ProtocolException e) {
            framesRejected.incrementAndGet();
            connection.reject(e.code(), e.getMessage());
            return;
        }
        if (message instanceof Hello hello) {
            onHello(connection, hello);
        } else if (!connection.helloDone()) {
            framesRejected.incrementAndGet();
            connection.reject(ProtocolCodes.POLICY_VIOLATION, "the first message must be a hello");
        } else if (message instanceof Positions positions) {
            onPositions(connection, positions);
        } else if (message instanceof CommandResult result) {
            Logger.info("Bike {} finished command {}: {} {}", connection.bikeId(), result.id(), result.status(),
                    result.message() == null ? "" : result.message());
        } else {
            framesRejected.incrementAndGet();
            connection.reject(ProtocolCodes.UNKNOWN_MESSAGE_TYPE,
                    "a bike may not send '" + message.getClass().getSimpleName() + "' messages");
        }
    }

    private void onHello(BikeConnection connection, Hello hello) {
        if (hello.protocol() != ProtocolCodes.PROTOCOL_VERSION) {
            connection.reject(ProtocolCodes.UNSUPPORTED_PROTOCOL, "protocol version " + hello.protocol()
                    + " is not supported; this server speaks " + ProtocolCodes.PROTOCOL_VERSION);
        } else if (!hello.bikeId().equals(connection.bikeId())) {
            connection.reject(ProtocolCodes.POLICY_VIOLATION,
                    "hello names bike '" + hello.bikeId() + "' but this connection is '" + connection.bikeId() + "'");
        } else if (hello.outboxId().isBlank()) {
            connection.reject(ProtocolCodes.MALFORMED_FRAME, "hello has an empty outboxId");
        } else {
            connection.helloReceived(hello.outboxId());
            Logger.info("Bike {} connected: agent {}, outbox {}", hello.bikeId(), hello.agentVersion(),
                    hello.outboxId());
        }
    }

    private void onPositions(BikeConnection connection, Positions batch) {
        if (!batch.bikeId().equals(connection.bikeId())) {
            framesRejected.incrementAndGet();
            connection.reject(ProtocolCodes.POLICY_VIOLATION,
                    "batch for bike '" + batch.bikeId() + "' on the connection of '" + connection.bikeId() + "'");
            return;
        }
        if (batch.positions().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Position> valid = new ArrayList<>(batch.positions().size());
        String firstProblem = null;
        int invalid = 0;
        long highestSeq = 0;
        for (Position position : batch.positions()) {
            highestSeq = Math.max(highestSeq, position.seq());
            String problem = problems(position, now);
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
            framesRejected.incrementAndGet();
            // Not stored, but acknowledged below with the rest: a fix that is wrong now is wrong for ever.
            connection.send(new ErrorMessage(ProtocolCodes.INVALID_POSITION,
                    invalid + " fix(es) rejected, first: " + firstProblem));
        }
        long ackSeq = highestSeq;
        int stored = valid.size();
        // Even an all-invalid batch goes through the store, so its ack cannot overtake earlier batches'.
        store.store(new FixBatch(connection.bikeId(), connection.outboxId(), valid, now))
                .whenComplete((ignored, failure) -> {
                    if (failure == null) {
                        fixesStored.addAndGet(stored);
                        connection.send(new Ack(ackSeq));
                    } else {
                        connection.close(ProtocolCodes.SERVER_ERROR, "storage failed; send again later");
                    }
                });
    }

    private String problems(Position position, Instant now) {
        String problem = FixRules.problems(position.fix());
        if (problem == null && position.fix().time().isAfter(now.plus(FUTURE_TOLERANCE))) {
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
