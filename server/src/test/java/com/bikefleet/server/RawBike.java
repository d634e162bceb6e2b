package com.bikefleet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.OutboxState;
import com.bikefleet.model.protocol.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bike speaking the protocol by hand through the JDK's own WebSocket client, so a test can send
 * exactly the frames it wants, broken ones included. Records every message and the close.
 */
public final class RawBike implements AutoCloseable {

    /** How the server closed the connection. */
    public record Closed(int code, String reason) {
    }

    private static final long TIMEOUT_SECONDS = 10;

    /** Collects what the server sends; called by the JDK client's thread. */
    private static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        // While set, nothing more is requested from the socket, so TCP backs up as with a bike that stopped reading.
        volatile boolean stalled;
        private WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        void resume() {
            stalled = false;
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            if (!stalled) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, error.toString()));
        }
    }

    private final MessageCodec codec = new MessageCodec();
    private final java.util.Queue<OutboxState> outboxStates = new java.util.ArrayDeque<>();
    private final WebSocket socket;
    private final Recorder recorder;

    private RawBike(WebSocket socket, Recorder recorder) {
        this.socket = socket;
        this.recorder = recorder;
    }

    /** The future fails with the handshake's error when the server refuses the upgrade. */
    public static CompletableFuture<RawBike> connect(int port, String bikeId, String token) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/ws/bikes/" + bikeId), token);
    }

    /** Connects to any URL, such as a bike's path with a query the server must not take from a client. */
    public static CompletableFuture<RawBike> connect(URI url, String token) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        Recorder recorder = new Recorder();
        return builder.buildAsync(url, recorder)
                .thenApply(socket -> new RawBike(socket, recorder));
    }

    public static RawBike open(int port, String bikeId, String token) throws Exception {
        return connect(port, bikeId, token).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    public void send(Message message) {
        sendRaw(codec.encode(message));
    }

    public void sendRaw(String frame) {
        socket.sendText(frame, true).join();
    }

    /** Sends a binary frame, which the protocol does not use. */
    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    }

    /**
     * Stops reading what the server sends (after the message being delivered, if any): its frames back up
     * in the sockets' buffers and then in the server. {@link #resume()} reads again.
     */
    public void stopReading() {
        recorder.stalled = true;
    }

    /** Reads again after {@link #stopReading()}: what the server queued arrives, then its close if it closed. */
    public void resume() {
        recorder.resume();
    }

    /**
     * Sends a frame unless the send has not completed within the wait (the server has stopped reading, as
     * after it closed the connection); false then, and the socket takes no more sends.
     */
    public boolean trySendRaw(String frame, java.time.Duration wait) throws InterruptedException {
        try {
            socket.sendText(frame, true).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Sends a frame the server may close the connection on before it has all arrived. */
    public void sendRawIgnoringFailure(String frame) {
        socket.sendText(frame, true).exceptionally(failure -> null).join();
    }

    /**
     * Sends the first fragment of a text message whose end never comes. The server may close the connection
     * before all of it has gone out, so a failed send is not an error here; the close is what to check.
     */
    public void sendFirstFragment(String fragment) {
        socket.sendText(fragment, false).exceptionally(failure -> null).join();
    }

    /**
     * The next message from the server, waiting up to ten seconds. The {@code outboxState} answering each
     * hello is set aside for {@link #outboxState()}, so a test about other messages need not read it.
     */
    public Message next() throws Exception {
        while (true) {
            Message message = nextIncludingOutboxState();
            if (message instanceof OutboxState state) {
                outboxStates.add(state);
            } else {
                return message;
            }
        }
    }

    /** The server's answer to a hello: set aside by {@link #next()}, or the next message. */
    public OutboxState outboxState() throws Exception {
        OutboxState state = outboxStates.poll();
        if (state != null) {
            return state;
        }
        Message message = nextIncludingOutboxState();
        assertEquals(OutboxState.class, message.getClass(), "unexpected message " + message);
        return (OutboxState) message;
    }

    private Message nextIncludingOutboxState() throws Exception {
        String frame = recorder.received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(frame, () -> "no message from the server within " + TIMEOUT_SECONDS + " s"
                + (recorder.closed.isDone() ? "; the connection closed: " + recorder.closed.join() : ""));
        try {
            return codec.decode(frame);
        } catch (ProtocolException e) {
            throw new AssertionError("the server sent an invalid frame: " + frame, e);
        }
    }

    public <T extends Message> T next(Class<T> type) throws Exception {
        Message message = next();
        assertEquals(type, message.getClass(), "unexpected message " + message);
        return type.cast(message);
    }

    /** Waits for the server's close. */
    public Closed closed() throws Exception {
        return recorder.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    public boolean isOpen() {
        return !recorder.closed.isDone();
    }

    @Override
    public void close() {
        if (!recorder.closed.isDone()) {
            socket.abort();
        }
    }
}
