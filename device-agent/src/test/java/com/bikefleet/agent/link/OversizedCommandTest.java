package com.bikefleet.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.model.retry.Backoff;
import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link with its real Tyrus client against a server that sends what the real one refuses to: a command
 * too large to run or not valid is answered {@code failed} on the same connection, and a frame beyond the
 * client's buffer costs a reconnect, not the agent.
 */
class OversizedCommandTest {

    private final MessageCodec codec = new MessageCodec();
    private final List<Command> handled = new CopyOnWriteArrayList<>();
    private FrameServer server;
    private ScheduledExecutorService worker;
    private ExecutorService connector;
    private ServerLink link;
    @TempDir
    Path dir;
    private Outbox outbox;

    @BeforeEach
    void start() throws Exception {
        outbox = Outbox.open(dir.resolve("outbox.db"), OutboxSettings.defaults());
        server = new FrameServer();
        worker = Executors.newSingleThreadScheduledExecutor();
        connector = Executors.newSingleThreadExecutor();
        LinkSettings settings = new LinkSettings(URI.create("ws://127.0.0.1:" + server.port() + "/ws/bikes/bike-t"),
                "bike-t", "token", "test", 10, 2, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5));
        link = new ServerLink(settings, outbox, LinkScheduler.on(worker),
                new TyrusDialer(settings, ClientManager.createClient(), connector, worker),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), new Random(7)), new LinkListener() {
                    @Override
                    public void onCommand(Command command) {
                        // On the worker, as every link call must be.
                        handled.add(command);
                        link.sendCommandResult(new CommandResult(command.id(), "done", null));
                    }
                });
        worker.execute(link::start);
    }

    @AfterEach
    void stop() throws Exception {
        worker.submit(link::close).get(10, TimeUnit.SECONDS);
        worker.shutdownNow();
        connector.shutdownNow();
        outbox.close();
        server.close();
    }

    @Test
    void anOversizedOrInvalidCommandIsAnsweredFailedAndTheConnectionStays() throws Exception {
        FrameServer.Connection connection = server.nextConnection();
        assertTrue(next(connection) instanceof Hello);

        // 20,000 characters: within the client's buffer, beyond what the agent runs.
        connection.sendText(codec.encode(new Command("big-1", "maintenance-notice", Map.of("text", "x".repeat(20_000)))));
        CommandResult big = nextResult(connection);
        assertEquals("big-1", big.id());
        assertEquals("failed", big.status());
        assertTrue(big.message().contains("command too large: 20"), big.message());

        // An argument that is not a string: the codec refuses the frame, but its id is there to answer.
        connection.sendText("{\"type\":\"command\",\"id\":\"bad-1\",\"name\":\"lock\",\"args\":{\"locked\":true}}");
        CommandResult bad = nextResult(connection);
        assertEquals("bad-1", bad.id());
        assertEquals("failed", bad.status());
        assertTrue(bad.message().startsWith("invalid command: "), bad.message());

        // The same connection still works, and only the valid command reached the bike's handler.
        connection.sendText(codec.encode(new Command("ok-1", "ring", Map.of())));
        CommandResult ok = nextResult(connection);
        assertEquals("ok-1", ok.id());
        assertEquals("done", ok.status());
        assertEquals(List.of("ok-1"), handled.stream().map(Command::id).toList());
        assertFalse(connection.closed.isDone());
    }

    @Test
    void aFrameBeyondTheClientsBufferCostsAReconnectNotTheAgent() throws Exception {
        FrameServer.Connection first = server.nextConnection();
        assertTrue(next(first) instanceof Hello);

        first.sendText(codec.encode(new Command("huge-1", "maintenance-notice",
                Map.of("text", "x".repeat(TyrusDialer.MAX_SERVER_MESSAGE_BYTES + 1)))));
        int code = first.closed.get(10, TimeUnit.SECONDS);
        assertTrue(code == 1009 || code == 1011, "closed with " + code);

        FrameServer.Connection second = server.nextConnection();
        assertTrue(next(second) instanceof Hello);
        second.sendText(codec.encode(new Command("ok-2", "ring", Map.of())));
        CommandResult ok = nextResult(second);
        assertEquals("ok-2", ok.id());
        assertEquals(List.of("ok-2"), handled.stream().map(Command::id).toList());
    }

    private Message next(FrameServer.Connection connection) throws Exception {
        return codec.decode(connection.nextText());
    }

    /** The next command result, past the status messages the link sends on its own. */
    private CommandResult nextResult(FrameServer.Connection connection) throws Exception {
        while (true) {
            if (next(connection) instanceof CommandResult result) {
                return result;
            }
        }
    }
}
