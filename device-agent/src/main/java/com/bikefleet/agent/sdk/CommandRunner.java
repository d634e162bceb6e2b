package com.bikefleet.agent.sdk;

import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandName;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.ResultStatus;
import java.time.Duration;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Runs one server command to its result: {@code set-report-interval} itself, the others through the
 * embedder's handlers. Every command gets a result, so the server never resends one the agent has seen
 * run: {@code unsupported} without a handler, {@code failed} for bad arguments or a handler that throws.
 *
 * <p>Called on the agent's command thread, one command at a time.
 */
final class CommandRunner {

    private final FixSampler sampler;
    private final Map<String, CommandHandler> handlers;

    CommandRunner(FixSampler sampler, Map<String, CommandHandler> handlers) {
        this.sampler = sampler;
        this.handlers = Map.copyOf(handlers);
    }

    CommandResult run(Command command) {
        try {
            CommandName name = CommandName.fromWire(command.name());
            String problem = name == null ? null : name.problem(command.args());
            if (problem != null) {
                return new CommandResult(command.id(), ResultStatus.FAILED.wireName(), problem);
            }
            if (name == CommandName.SET_REPORT_INTERVAL) {
                Duration interval = CommandName.interval(command.args().get(name.argument()));
                sampler.interval(interval);
                Logger.info("Report interval set to {} ms by the server", interval.toMillis());
                return new CommandResult(command.id(), ResultStatus.DONE.wireName(),
                        "report interval is now " + interval.toMillis() + "ms");
            }
            CommandHandler handler = handlers.get(command.name());
            if (handler == null) {
                return new CommandResult(command.id(), ResultStatus.UNSUPPORTED.wireName(),
                        "no handler for '" + command.name() + "'");
            }
            return new CommandResult(command.id(), ResultStatus.DONE.wireName(), handler.handle(command.args()));
        } catch (Exception e) {
            Logger.warn("Command {} ({}) failed: {}", command.id(), command.name(), e.getMessage());
            return new CommandResult(command.id(), ResultStatus.FAILED.wireName(), String.valueOf(e.getMessage()));
        }
    }
}
