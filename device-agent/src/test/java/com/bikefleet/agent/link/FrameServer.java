package com.bikefleet.agent.link;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server of a few dozen lines on loopback that sends a client exactly the text frames a test
 * gives it, oversized and broken ones included, which the real server refuses to send. It answers pings
 * and close frames and records the text frames it receives.
 */
final class FrameServer implements AutoCloseable {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket socket;
    private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    FrameServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "frame-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The next client connection that completed its handshake, waiting up to ten seconds. */
    Connection nextConnection() throws InterruptedException {
        Connection connection = accepted.poll(10, TimeUnit.SECONDS);
        if (connection == null) {
            throw new AssertionError("no connection within 10 s");
        }
        return connection;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Connection connection = new Connection(client);
                Thread reader = new Thread(connection::readLoop, "frame-server-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One client connection: the text frames it sent, and how it ended. */
    final class Connection {
        private final Socket client;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        /** The close code the client sent, or -1 when the connection ended without a close frame. */
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        private Connection(Socket client) {
            this.client = client;
        }

        /** The next text frame from the client, waiting up to ten seconds. */
        String nextText() throws InterruptedException {
            String text = received.poll(10, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no frame from the client within 10 s"
                        + (closed.isDone() ? "; it closed with " + closed.join() : ""));
            }
            return text;
        }

        synchronized void sendText(String text) throws IOException {
            send(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        private synchronized void send(int opcode, byte[] payload) throws IOException {
            OutputStream out = client.getOutputStream();
            out.write(0x80 | opcode);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length < 65536) {
                out.write(126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xff);
            } else {
                out.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (((long) payload.length >>> shift) & 0xff));
                }
            }
            out.write(payload);
            out.flush();
        }

        private void readLoop() {
            try (client) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                handshake(in);
                accepted.add(this);
                while (true) {
                    int first = in.readUnsignedByte();
                    int second = in.readUnsignedByte();
                    long length = second & 0x7f;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((second & 0x80) != 0) {
                        in.readFully(mask);
                    }
                    byte[] payload = new byte[(int) length];
                    in.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    int opcode = first & 0x0f;
                    if (opcode == 0x1) {
                        received.add(new String(payload, StandardCharsets.UTF_8));
                    } else if (opcode == 0x9) {
                        send(0xA, payload);
                    } else if (opcode == 0x8) {
                        closed.complete(payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1);
                        send(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                        return;
                    }
                }
            } catch (IOException e) {
                closed.complete(-1); // EOF or reset: the client went without a close frame
            }
        }

        private void handshake(DataInputStream in) throws IOException {
            String key = null;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private static String readLine(DataInputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
