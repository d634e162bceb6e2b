package com.bikefleet.server.command;

import com.bikefleet.model.protocol.CommandName;
import com.bikefleet.model.protocol.ResultStatus;
import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tinylog.Logger;

/**
 * Commands for bikes: checked when created, stored before anything is sent, delivered at once when the
 * bike is connected and otherwise when it next says hello, and closed by the bike's result. Delivery is
 * at least once: a command sent just before a connection dropped is sent again on the next hello.
 */
public final class CommandService {

    /**
     * Commands without a result a bike may have at once. Each is sent again after every hello, so an
     * endless queue would make every reconnect of that bike longer; a real operator needs a handful.
     */
    public static final int MAX_UNFINISHED_PER_BIKE = 16;

    private final CommandStore store;
    private final Clock clock;
    // Set once, after ingest exists (ingest needs this service first).
    private volatile CommandSender sender = (bike, command) -> false;

    public CommandService(CommandStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void sender(CommandSender connectedBikes) {
        this.sender = connectedBikes;
    }

    /**
     * Queues a command and sends it if the bike is connected.
     *
     * @throws IllegalArgumentException naming what is wrong with the name or arguments
     * @throws TooManyCommandsException when the bike already has {@link #MAX_UNFINISHED_PER_BIKE} commands
     *                                  without a result
     */
    public CommandRecord create(String bikeId, String name, Map<String, String> args) {
        validate(name, args);
        Instant now = clock.instant();
        CommandRecord command = new CommandRecord(UUID.randomUUID().toString(), bikeId, name, args, "queued", null,
                now, now);
        if (!store.insertIfRoom(command, MAX_UNFINISHED_PER_BIKE)) {
            throw new TooManyCommandsException("bike " + bikeId + " already has " + MAX_UNFINISHED_PER_BIKE
                    + " commands without a result; wait for the bike to answer or cancel one");
        }
        deliver(command);
        CommandRecord stored = store.find(bikeId, command.id());
        return stored == null ? command : stored;
    }

    /** What became of a cancel request. */
    public enum Cancel { CANCELLED, NOT_FOUND, ALREADY_FINISHED }

    /**
     * Cancels a command that has no result yet: it is not sent again. A bike that already has it may
     * still carry it out; its result is then ignored and the command stays cancelled.
     */
    public Cancel cancel(String bikeId, String id) {
        if (store.finishUnfinished(bikeId, id, CommandStore.CANCELLED, "cancelled through the API",
                clock.instant())) {
            Logger.info("Command {} for bike {} cancelled", id, bikeId);
            return Cancel.CANCELLED;
        }
        CommandRecord command = store.find(bikeId, id);
        return command == null ? Cancel.NOT_FOUND : Cancel.ALREADY_FINISHED;
    }

    /** One command of a bike, or null. */
    public CommandRecord find(String bikeId, String id) {
        return store.find(bikeId, id);
    }

    /** The bike said hello: send it everything that has no result yet. */
    public void bikeConnected(String bikeId) {
        for (CommandRecord command : store.unfinished(bikeId)) {
            deliver(command);
        }
    }

    /** Commands for a bike connected here were created through another instance: send those not sent yet. */
    public void deliverQueued(String bikeId) {
        for (CommandRecord command : store.queued(bikeId)) {
            deliver(command);
        }
    }

    /** The bike reported how a command ended. */
    public void result(String bikeId, CommandResult result) {
        String state = ResultStatus.fromWire(result.status()) != null ? result.status() : ResultStatus.FAILED.wireName();
        if (!store.update(bikeId, result.id(), state, result.message(), clock.instant())) {
            Logger.warn("Bike {} sent a result for command {}, which is unknown or was cancelled", bikeId,
                    result.id());
        }
    }

    public List<CommandRecord> forBike(String bikeId) {
        return store.forBike(bikeId);
    }

    private boolean deliver(CommandRecord command) {
        String problem = problem(command.name(), command.args());
        if (problem != null) {
            // Stored by a server without today's limits (a command of megabytes once closed bikes on every
            // hello): close it instead of sending it again and again.
            store.finishUnfinished(command.bikeId(), command.id(), ResultStatus.FAILED.wireName(), "refused by the server: " + problem,
                    clock.instant());
            Logger.warn("Command {} for bike {} is not valid and was not sent: {}", command.id(), command.bikeId(),
                    problem);
            return false;
        }
        boolean sent = sender.send(command.bikeId(), new Command(command.id(), command.name(), command.args()));
        if (sent) {
            // The bike may already have answered; markDelivered leaves a result in place.
            store.markDelivered(command.id(), clock.instant());
        }
        return sent;
    }

    static void validate(String name, Map<String, String> args) {
        String problem = problem(name, args);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What is wrong with a command (docs/protocol.md section 2.6, {@link CommandName}), or null when it may be sent. */
    static String problem(String name, Map<String, String> args) {
        return CommandName.problem(name, args);
    }
}
