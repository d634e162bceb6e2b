package com.bikefleet.systemtest;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback proxy for one WebSocket connection that loses exactly one client frame: it forwards the HTTP
 * upgrade and every frame unchanged, except the {@code n}-th text frame from the client that contains
 * {@code marker}, which it reads and throws away. The connection stays up: what a frame lost between the
 * bike's socket and the server's store looks like to both ends.
 */
final class FrameDroppingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final String marker;
    private final int dropNth;
    /** Text frames with the marker so far; only the client-to-server thread touches it. */
    private int seen;
    private volatile String dropped;
    private volatile Socket downstream;
    private volatile Socket upstream;

    private FrameDroppingProxy(ServerSocket listener, int targetPort, String marker, int dropNth) {
        this.listener = listener;
        this.targetPort = targetPort;
        this.marker = marker;
        this.dropNth = dropNth;
    }

    static FrameDroppingProxy start(int targetPort, String marker, int dropNth) throws IOException {
        FrameDroppingProxy proxy = new FrameDroppingProxy(
                new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort, marker, dropNth);
        Thread acceptor = new Thread(proxy::serveOne, "frame-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The text of the frame thrown away, or null while none was. */
    String dropped() {
        return dropped;
    }

    /** Accepts one connection (the test's only bike) and proxies it until either side closes. */
    private void serveOne() {
        try {
            downstream = listener.accept();
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            Thread back = new Thread(() -> copy(upstream, downstream), "frame-proxy-back");
            back.setDaemon(true);
            back.start();
            forwardClientFrames(new DataInputStream(downstream.getInputStream()), upstream.getOutputStream());
        } catch (IOException e) {
            // A side closed: the test is over or the agent gave up; nothing to report.
        }
    }

    private void forwardClientFrames(DataInputStream in, OutputStream out) throws IOException {
        // The upgrade request, byte for byte, up to the blank line.
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            out.write(b);
            state = (b == (state % 2 == 0 ? '\r' : '\n')) ? state + 1 : (b == '\r' ? 1 : 0);
        }
        out.flush();
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            int len7 = b1 & 0x7f;
            byte[] extended = new byte[len7 == 126 ? 2 : len7 == 127 ? 8 : 0];
            in.readFully(extended);
            long length = len7;
            if (extended.length > 0) {
                length = 0;
                for (byte e : extended) {
                    length = (length << 8) | (e & 0xff);
                }
            }
            byte[] mask = new byte[(b1 & 0x80) != 0 ? 4 : 0];
            in.readFully(mask);
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            if ((b0 & 0x0f) == 1 && dropped == null) {
                byte[] text = payload.clone();
                for (int i = 0; i < text.length && mask.length == 4; i++) {
                    text[i] ^= mask[i % 4];
                }
                String frame = new String(text, StandardCharsets.UTF_8);
                if (frame.contains(marker) && ++seen == dropNth) {
                    dropped = frame;
                    continue;
                }
            }
            out.write(b0);
            out.write(b1);
            out.write(extended);
            out.write(mask);
            out.write(payload);
            out.flush();
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : new Socket[] {downstream, upstream}) {
            if (s != null) {
                s.close();
            }
        }
    }
}
