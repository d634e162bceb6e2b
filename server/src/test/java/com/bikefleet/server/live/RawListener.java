package com.bikefleet.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A live listener (app or dashboard) through the JDK's WebSocket client. Records every frame and the
 * close; can stop reading after a number of frames, so that TCP backs up as with a stalled client.
 */
final class RawListener implements AutoCloseable {

    record Closed(int code, String reason) {
    }

    static final long TIMEOUT_SECONDS = 10;

    /** Called on the JDK client's thread. */
    private static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private final int framesBeforeStall;
        private int frames;
        private volatile boolean stalled;

        Recorder(int framesBeforeStall) {
            this.framesBeforeStall = framesBeforeStall;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(JsonParser.parseString(partial.toString()).getAsJsonObject());
                partial.setLength(0);
                frames++;
                if (frames == framesBeforeStall) {
                    stalled = true;
                }
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

    private final WebSocket socket;
    private final Recorder recorder;

    private RawListener(WebSocket socket, Recorder recorder) {
        this.socket = socket;
        this.recorder = recorder;
    }

    /** {@code query} is appended to the path as is, e.g. {@code "?token=..."} or "". */
    static CompletableFuture<RawListener> connect(int port, String query, String bearer, int framesBeforeStall) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        Recorder recorder = new Recorder(framesBeforeStall);
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + LivePath.PATH + query), recorder)
                .thenApply(socket -> new RawListener(socket, recorder));
    }

    /** Offers {@code protocols} in Sec-WebSocket-Protocol, as a browser does with the token. */
    static CompletableFuture<RawListener> connectOffering(int port, String... protocols) {
        Recorder recorder = new Recorder(Integer.MAX_VALUE);
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + LivePath.PATH), recorder)
                .thenApply(socket -> new RawListener(socket, recorder));
    }

    /** The subprotocol the server chose, empty for none. */
    String subprotocol() {
        return socket.getSubprotocol();
    }

    static RawListener open(int port, String bearer) throws Exception {
        return connect(port, "", bearer, Integer.MAX_VALUE).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void subscribeAll() {
        send("{\"type\":\"subscribe\",\"all\":true}");
    }

    /** The next frame, waiting up to ten seconds. */
    JsonObject next() throws InterruptedException {
        JsonObject frame = recorder.received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(frame, "no frame from the server within " + TIMEOUT_SECONDS + " s");
        return frame;
    }

    JsonObject next(String type) throws InterruptedException {
        JsonObject frame = next();
        assertEquals(type, frame.get("type").getAsString(), () -> "unexpected frame " + frame);
        return frame;
    }

    /** Reads again after a stall. */
    void resume() {
        recorder.stalled = false;
        socket.request(1);
    }

    Closed closed() throws Exception {
        return recorder.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!recorder.closed.isDone()) {
            socket.abort();
        }
    }
}
