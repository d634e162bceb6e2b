package com.bikefleet.sim;

import com.bikefleet.model.retry.Backoff;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.tinylog.Logger;

/**
 * A WebSocket client connection of the lean mode over one non-blocking socket, owned by one
 * {@link LeanLoop}: the upgrade request, reading the server's (unmasked) frames, answering pings and close
 * frames, and reconnecting with the agent's {@link Backoff} after any failure. Subclasses say what to send
 * and what to do with text frames.
 */
abstract class LeanConnection {

    private static final byte[] HEAD_END = WsWire.ascii("\r\n\r\n");
    private static final byte[] RETRY_AFTER = WsWire.ascii("\r\nRetry-After: ");

    final LeanLoop loop;
    private final InetSocketAddress server;
    private final InetAddress source;
    private final Backoff backoff;
    private final LeanLoop.Task reconnect = new LeanLoop.Task() {
        @Override
        void run(long now) {
            connect();
        }
    };
    private SocketChannel channel;
    private SelectionKey key;
    private boolean upgrading;
    private boolean open;
    private boolean closed;
    /** Bytes read and not yet taken, in write mode. */
    private ByteBuffer in;
    /** Bytes the socket did not take yet, in read mode; null when none. */
    private ByteBuffer pending;

    LeanConnection(LeanLoop loop, InetSocketAddress server, InetAddress source, Backoff backoff, int readBytes) {
        this.loop = loop;
        this.server = server;
        this.source = source;
        this.backoff = backoff;
        this.in = ByteBuffer.allocate(readBytes);
    }

    /** The HTTP upgrade request, whole. */
    abstract byte[] upgradeRequest();

    /** The upgrade succeeded. */
    abstract void opened();

    /** A text frame's payload, {@code a[from, to)}; valid during the call only. */
    abstract void text(byte[] a, int from, int to);

    /** The connection is gone (it was open when {@code wasOpen}); a reconnect is already scheduled. */
    abstract void lost(boolean wasOpen);

    boolean isOpen() {
        return open;
    }

    /** Opens the connection now, on the loop. */
    final void connect() {
        if (closed || channel != null) {
            return;
        }
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (source != null) {
                channel.bind(new InetSocketAddress(source, 0));
            }
            boolean done = channel.connect(server);
            key = channel.register(loop.selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (done) {
                connected();
            }
        } catch (IOException e) {
            fail("connect: " + e, null);
        }
    }

    private void connected() {
        key.interestOps(SelectionKey.OP_READ);
        upgrading = true;
        send(upgradeRequest());
    }

    /** Called by the loop when the socket is ready. */
    final void ready(SelectionKey k) {
        try {
            if (k.isConnectable()) {
                channel.finishConnect();
                connected();
                return;
            }
            if (k.isWritable()) {
                flush();
            }
            if (k.isValid() && k.isReadable()) {
                read();
            }
        } catch (IOException | CancelledKeyException e) {
            fail(e.toString(), null);
        }
    }

    private void read() throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            fail("closed by the server", null);
            return;
        }
        in.flip();
        byte[] a = in.array();
        int at = in.position();
        int end = in.limit();
        if (upgrading) {
            int head = WsWire.indexOf(a, at, end, HEAD_END);
            if (head < 0) {
                in.compact();
                if (!in.hasRemaining()) {
                    fail("upgrade response too long", null);
                }
                return;
            }
            String status = new String(a, at, Math.min(12, end - at), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                fail("upgrade refused: " + status, retryAfter(a, at, head));
                return;
            }
            upgrading = false;
            open = true;
            in.position(head + HEAD_END.length);
            opened();
            if (channel == null) {
                return;
            }
            at = in.position();
        }
        while (end - at >= 2) {
            int opcode = a[at] & 0x0F;
            int length = a[at + 1] & 0x7F;
            int header = 2;
            if (length == 126) {
                if (end - at < 4) {
                    break;
                }
                length = (a[at + 2] & 0xFF) << 8 | (a[at + 3] & 0xFF);
                header = 4;
            } else if (length == 127) {
                if (end - at < 10) {
                    break;
                }
                long big = 0;
                for (int i = 0; i < 8; i++) {
                    big = big << 8 | (a[at + 2 + i] & 0xFF);
                }
                if (big > 64L * 1024 * 1024) {
                    fail("a frame of " + big + " bytes", null);
                    return;
                }
                length = (int) big;
                header = 10;
            }
            if ((a[at + 1] & 0x80) != 0) {
                fail("a masked frame from the server", null);
                return;
            }
            if (end - at < header + length) {
                if (in.capacity() < header + length) {
                    // A dashboard's update frames can be large: keep the partial frame in a buffer that fits it.
                    ByteBuffer bigger = ByteBuffer.allocate(Integer.highestOneBit(header + length) * 2);
                    bigger.put(a, at, end - at);
                    in = bigger;
                    return;
                }
                break;
            }
            int from = at + header;
            at = from + length;
            switch (opcode) {
                case 1 -> text(a, from, at);
                case 8 -> {
                    send(WsWire.frame(8, java.util.Arrays.copyOfRange(a, from, Math.min(at, from + 2))));
                    fail("close " + (length >= 2 ? ((a[from] & 0xFF) << 8 | (a[from + 1] & 0xFF)) : 0), null);
                    return;
                }
                case 9 -> send(WsWire.frame(10, java.util.Arrays.copyOfRange(a, from, at)));
                default -> {
                    // pong, binary or fragments: the server sends none of them to these clients
                }
            }
            if (channel == null) {
                return;
            }
        }
        in.position(at);
        in.compact();
    }

    private static Duration retryAfter(byte[] a, int from, int to) {
        int at = WsWire.indexOf(a, from, to, RETRY_AFTER);
        if (at < 0) {
            return null;
        }
        long seconds = WsWire.readLong(a, at + RETRY_AFTER.length, to);
        return seconds < 0 ? null : Duration.ofSeconds(seconds);
    }

    /** Sends whole bytes (rare frames and the upgrade). */
    final void send(byte[] bytes) {
        ByteBuffer b = loop.out;
        b.clear();
        b.put(bytes).flip();
        write(b);
    }

    /** Sends {@code b}'s remaining bytes now, or keeps what the socket does not take for later. */
    final void write(ByteBuffer b) {
        if (channel == null) {
            return;
        }
        try {
            if (pending == null) {
                channel.write(b);
                if (!b.hasRemaining()) {
                    return;
                }
                pending = ByteBuffer.allocate(Math.max(b.remaining(), 4096));
            } else if (pending.capacity() - pending.limit() < b.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate((pending.remaining() + b.remaining()) * 2);
                bigger.put(pending).flip();
                pending = bigger;
            }
            pending.compact();
            pending.put(b).flip();
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } catch (IOException | CancelledKeyException e) {
            fail("write: " + e, null);
        }
    }

    private void flush() throws IOException {
        if (pending != null) {
            channel.write(pending);
            if (pending.hasRemaining()) {
                return;
            }
            pending = null;
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    /** Drops the connection and schedules the next attempt: after {@code asked} (a 503's), else the backoff's. */
    private void fail(String why, Duration asked) {
        Logger.debug("Lean connection dropped: {}", why);
        boolean wasOpen = open;
        closeChannel();
        if (wasOpen) {
            backoff.reset();
        }
        if (!closed) {
            Duration delay = asked == null ? backoff.nextDelay() : backoff.serverDelay(asked);
            loop.schedule(reconnect, LeanLoop.now() + delay.toMillis());
        }
        lost(wasOpen);
    }

    private void closeChannel() {
        open = false;
        upgrading = false;
        pending = null;
        in.clear();
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                Logger.debug("Closing a socket failed: {}", e.toString());
            }
        }
        channel = null;
        key = null;
    }

    /** Closes for good (a normal close frame first when open); on the loop. */
    final void close() {
        closed = true;
        if (open) {
            send(WsWire.frame(8, new byte[] {0x03, (byte) 0xE8}));
        }
        boolean wasOpen = open;
        closeChannel();
        lost(wasOpen);
    }

    final void closeQuietly() {
        closed = true;
        closeChannel();
    }
}
