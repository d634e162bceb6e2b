package com.bikefleet.agent.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every command ends in a result the server can store, whatever the handler does. */
class CommandRunnerTest {

    private final FixSampler sampler = new FixSampler(Duration.ofSeconds(10));
    private final CommandRunner runner = new CommandRunner(sampler, Map.of(
            Commands.RING, args -> "rang",
            Commands.LOCK, args -> {
                throw new IllegalStateException("lock jammed");
            }));

    @Test
    void theReportIntervalIsSetByTheAgentItself() {
        CommandResult result = runner.run(new Command("c-1", "set-report-interval", Map.of("interval", "5s")));

        assertEquals(new CommandResult("c-1", "done", "report interval is now 5000ms"), result);
        assertEquals(Duration.ofSeconds(5), sampler.interval());
    }

    @Test
    void anIntervalOutOfRangeFailsAndChangesNothing() {
        CommandResult result = runner.run(new Command("c-2", "set-report-interval", Map.of("interval", "2h")));

        assertEquals("failed", result.status());
        assertEquals("set-report-interval needs 'interval' from 100ms to 1h, such as 5s or 500ms", result.message());
        assertEquals(Duration.ofSeconds(10), sampler.interval());
    }

    @Test
    void aHandlersAnswerIsTheMessageOfADoneResult() {
        assertEquals(new CommandResult("c-3", "done", "rang"), runner.run(new Command("c-3", "ring", Map.of())));
    }

    @Test
    void aHandlerThatThrowsFailsWithItsMessage() {
        assertEquals(new CommandResult("c-4", "failed", "lock jammed"),
                runner.run(new Command("c-4", "lock", Map.of("locked", "true"))));
    }

    @Test
    void aCommandWithoutAHandlerIsUnsupported() {
        assertEquals(new CommandResult("c-5", "unsupported", "no handler for 'maintenance-notice'"),
                runner.run(new Command("c-5", "maintenance-notice", Map.of("text", "service due"))));
    }
}
