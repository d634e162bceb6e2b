package com.bikefleet.server.command;

import com.bikefleet.model.config.ConfigReader;
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

    /** The commands a bike understands, with the argument each needs. */
    public static final Set<String> NAMES = Set.of("set-report-interval", "maintenance-notice", "ring", "lock");
    private static final Set<String> RESULT_STATES = Set.of("done", "failed", "unsupported");

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
     */
    public CommandRecord create(String bikeId, String name, Map<String, String> args) {
        validate(name, args);
        Instant now = clock.instant();
        CommandRecord command = new CommandRecord(UUID.randomUUID().toString(), bikeId, name, args, "queued", null,
                now, now);
        store.insert(command);
        deliver(command);
        return store.forBike(bikeId).stream().filter(c -> c.id().equals(command.id())).findFirst().orElse(command);
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
        String state = RESULT_STATES.contains(result.status()) ? result.status() : "failed";
        if (!store.update(bikeId, result.id(), state, result.message(), clock.instant())) {
            Logger.warn("Bike {} sent a result for unknown command {}", bikeId, result.id());
        }
    }

    public List<CommandRecord> forBike(String bikeId) {
        return store.forBike(bikeId);
    }

    private boolean deliver(CommandRecord command) {
        boolean sent = sender.send(command.bikeId(), new Command(command.id(), command.name(), command.args()));
        if (sent) {
            // The bike may already have answered; markDelivered leaves a result in place.
            store.markDelivered(command.id(), clock.instant());
        }
        return sent;
    }

    static void validate(String name, Map<String, String> args) {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown command '" + name + "'; known: " + NAMES);
        }
        switch (name) {
            case "set-report-interval" -> {
                String interval = args.get("interval");
                try {
                    ConfigReader.parseDuration(interval == null ? "" : interval);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("set-report-interval needs 'interval' such as 5s or 500ms");
                }
            }
            case "maintenance-notice" -> {
                String text = args.get("text");
                if (text == null || text.isBlank() || text.length() > 500) {
                    throw new IllegalArgumentException("maintenance-notice needs 'text' of 1..500 characters");
                }
            }
            case "lock" -> {
                String locked = args.get("locked");
                if (!"true".equals(locked) && !"false".equals(locked)) {
                    throw new IllegalArgumentException("lock needs 'locked' = true or false");
                }
            }
            default -> {
                // ring takes no arguments
            }
        }
    }
}
