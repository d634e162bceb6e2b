package com.bikefleet.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between an agent and the server, able to turn into a black hole: a network path
 * that silently stops carrying bytes while both ends still believe the connection is up (a mobile network
 * that lost its route, a NAT that forgot the mapping).
 *
 * <p>Normally each accepted connection gets its own connection to the target and two threads that copy
 * bytes. {@link #blackHole()} makes every connection, open or new, swallow what it reads in both
 * directions; nothing is closed, and when one end closes its socket the other end is not told. A new
 * connection is accepted but never reaches the server, so a connection attempt hangs as it would behind
 * a dead route. {@link #heal()} closes the black-holed connections (as a NAT that lost the mapping would
 * answer with a reset) and forwards new ones normally again.
 */
final class TcpProxy implements AutoCloseable {

    /** One proxied connection; {@code upstream} is null for one accepted while the proxy was a black hole. */
    private final class Link {
        final Socket downstream;
        final Socket upstream;
        // Set by the test thread, read by the two copying threads.
        volatile boolean swallowing;

        Link(Socket downstream, Socket upstream, boolean swallowing) {
            this.downstream = downstream;
            this.upstream = upstream;
            this.swallowing = swallowing;
        }

        void start() {
            if (upstream != null) {
                copy("proxy-up", downstream, upstream, toServer);
                copy("proxy-down", upstream, downstream, toClient);
            } else {
                copy("proxy-void", downstream, null, toServer);
            }
        }

        private void copy(String name, Socket from, Socket to, AtomicLong forwarded) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream()) {
                    OutputStream out = to == null ? null : to.getOutputStream();
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        if (swallowing || out == null) {
                            swallowed.addAndGet(n);
                        } else {
                            out.write(buffer, 0, n);
                            out.flush();
                            forwarded.addAndGet(n);
                        }
                    }
                } catch (IOException e) {
                    // The peer or close() ended it.
                } finally {
                    if (swallowing) {
                        // A black hole carries no FIN or RST either: the other end keeps its connection.
                        closeQuietly(from);
                    } else {
                        close();
                    }
                }
            }, name);
            t.setDaemon(true);
            t.start();
        }

        void close() {
            links.remove(this);
            closeQuietly(downstream);
            closeQuietly(upstream);
        }
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    private final AtomicLong swallowed = new AtomicLong();
    // Guarded by this.
    private boolean blackHole;

    private TcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on a free loopback port and forwards to {@code targetPort} on loopback. */
    static TcpProxy start(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        TcpProxy proxy = new TcpProxy(new ServerSocket(0, 50, loopback), new InetSocketAddress(loopback, targetPort));
        Thread acceptor = new Thread(proxy::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket downstream;
            try {
                downstream = listener.accept();
            } catch (IOException e) {
                return;
            }
            Link link;
            // Under the lock, so a connection cannot slip past a blackHole() that runs meanwhile.
            synchronized (this) {
                try {
                    if (blackHole) {
                        link = new Link(downstream, null, true);
                    } else {
                        Socket upstream = new Socket();
                        upstream.connect(target, 5_000);
                        link = new Link(downstream, upstream, false);
                    }
                } catch (IOException e) {
                    closeQuietly(downstream);
                    continue;
                }
                links.add(link);
            }
            link.start();
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + port();
    }

    /** From now on no byte gets through, in either direction, on any connection; nothing is closed. */
    synchronized void blackHole() {
        blackHole = true;
        for (Link link : links) {
            link.swallowing = true;
        }
    }

    /** Resets the black-holed connections and forwards new ones normally again. */
    synchronized void heal() {
        blackHole = false;
        for (Link link : links) {
            if (link.swallowing) {
                link.close();
            }
        }
    }

    /** Bytes delivered to the server so far. */
    long bytesToServer() {
        return toServer.get();
    }

    /** Bytes that went into the black hole. */
    long bytesSwallowed() {
        return swallowed.get();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        for (Link link : links) {
            link.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Closing is best effort: the socket may already be gone.
        }
    }
}
