package com.bikefleet.bench;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.OutboxState;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One well-behaved bike of {@link UnderAttackBench} on the JDK's WebSocket client: a hello, then one live fix
 * at a time, each a one-fix {@code positions} with the next seq, the time of now and the floor just below
 * it, as the agent sends a fix taken while connected. Records each fix's send-to-ack latency in the phase it
 * was sent in; acks are cumulative, so one ack completes every fix up to its seq.
 */
final class GoodBike implements WebSocket.Listener {

    /** What a bike reports to the bench: an ack's latency for a fix sent in {@code phase}. */
    interface Results {
        void acked(int phase, long latencyNanos);
    }

    private record Sent(int phase, long nanos) {
    }

    private final MessageCodec codec = new MessageCodec();
    private final String bikeId;
    private final Results results;
    private final StringBuilder partial = new StringBuilder();
    /** Fixes sent and not yet acknowledged, by seq. */
    private final ConcurrentSkipListMap<Long, Sent> pending = new ConcurrentSkipListMap<>();
    private final AtomicReference<String> closed = new AtomicReference<>();
    private final AtomicReference<String> unexpected = new AtomicReference<>();
    private final int index;
    private volatile long sent;
    private volatile long acked;
    private WebSocket socket;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    GoodBike(String bikeId, int index, Results results) {
        this.bikeId = bikeId;
        this.index = index;
        this.results = results;
    }

    void open(HttpClient client, int port, String token) throws Exception {
        socket = client.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/bikes/" + bikeId), this)
                .get(30, TimeUnit.SECONDS);
        lastSend = socket.sendText(codec.encode(new Hello(bikeId, "under-attack-bench", ProtocolCodes.PROTOCOL_VERSION,
                UUID.randomUUID().toString())), true);
        lastSend.get(10, TimeUnit.SECONDS);
    }

    /**
     * Sends the next fix, counted in {@code phase}. Called from one scheduler thread at a time; waits for the
     * previous send to leave the client (it does not wait for an ack), since the JDK client takes one at a time.
     */
    void sendFix(int phase) {
        if (closed.get() != null) {
            return;
        }
        try {
            lastSend.get(5, TimeUnit.SECONDS);
            long seq = sent + 1;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            double drift = (seq % 600) * 1e-5;
            Fix fix = new Fix(now, 52.30 + index * 1e-3 + drift, 4.80 + index * 1e-3 + drift, 4.5, 90.0, 2.0, 0.9, 10,
                    FixType.THREE_D);
            String frame = codec.encode(new Positions(bikeId, List.of(new Position(seq, fix)), true, seq - 1));
            pending.put(seq, new Sent(phase, System.nanoTime()));
            sent = seq;
            lastSend = socket.sendText(frame, true);
        } catch (Exception e) {
            unexpected.compareAndSet(null, "send failed: " + e);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                Message message = codec.decode(text);
                if (message instanceof Ack ack) {
                    onAck(ack.seq(), now);
                } else if (message instanceof OutboxState state) {
                    if (state.highestSeq() != 0) {
                        unexpected.compareAndSet(null, "outboxState of a new outbox says " + state.highestSeq());
                    }
                } else if (message instanceof ErrorMessage error) {
                    unexpected.compareAndSet(null, "error " + error.code() + " " + error.message());
                } else {
                    unexpected.compareAndSet(null, "unexpected " + text);
                }
            } catch (Exception e) {
                unexpected.compareAndSet(null, "undecodable " + text);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void onAck(long seq, long now) {
        while (true) {
            var first = pending.firstEntry();
            if (first == null || first.getKey() > seq) {
                break;
            }
            if (pending.remove(first.getKey()) != null) {
                results.acked(first.getValue().phase(), now - first.getValue().nanos());
            }
        }
        acked = Math.max(acked, seq);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.compareAndSet(null, "closed by the server: " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.compareAndSet(null, "connection failed: " + error);
    }

    /** Says goodbye once the bench is over (a close the bench started is no disconnect). */
    void close() {
        try {
            lastSend.get(5, TimeUnit.SECONDS);
            if (closed.get() == null) {
                closed.set("");
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench over").get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // the report has what mattered already
        }
    }

    String bikeId() {
        return bikeId;
    }

    long sent() {
        return sent;
    }

    /** The highest seq acknowledged: every fix up to it is stored. */
    long acked() {
        return acked;
    }

    boolean allAcked() {
        return pending.isEmpty();
    }

    /** Why the server ended the connection before the bench did, or null. */
    String disconnected() {
        String reason = closed.get();
        return reason == null || reason.isEmpty() ? null : reason;
    }

    /** The first message the bike did not expect (an error, a wrong outboxState), or null. */
    String unexpected() {
        return unexpected.get();
    }
}
