package com.bikefleet.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.memory.Buffers;

/**
 * The one door to every WebSocket endpoint, in front of Tyrus. Every upgrade request, whatever its path,
 * comes here first: a path not in canonical form ({@link CanonicalPath}) is answered 400, a canonical path
 * that no endpoint serves 404, and one that an endpoint serves is let through only if that endpoint's
 * {@link UpgradeGuard} admits it. Nothing reaches Tyrus' handshake without passing a guard, so no spelling of
 * a path can skip authentication.
 *
 * <p>After the upgrade, Grizzly hands every read of the connection to the filters as content of that same
 * request. The gate remembers an admitted request by attaching a {@link FrameGuard} to it, reads each
 * frame's header with it, and closes the connection with 1009, 1002 or 1003 at the first frame the endpoint
 * must not take, before Tyrus buffers it.
 */
final class UpgradeGate extends BaseFilter {

    private static final String FRAME_GUARD = UpgradeGate.class.getName() + ".frames";
    private static final String WEBSOCKET = "websocket";

    /** How long a client closed by the gate has to send its own close frame before the connection goes. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final List<UpgradeGuard> guards;
    private final ConnectionDeadlines closing;
    private final LongAdder refusedPaths = new LongAdder();
    private final LongAdder framesRefused = new LongAdder();

    /** @param closing closes the connections the gate has sent a close frame, when the client does not */
    UpgradeGate(List<UpgradeGuard> guards, ConnectionDeadlines closing) {
        this.guards = List.copyOf(guards);
        this.closing = closing;
    }

    /** Upgrades answered 400 or 404 for their path. */
    long refusedPaths() {
        return refusedPaths.sum();
    }

    /** Connections closed for a frame their endpoint does not take. */
    long framesRefused() {
        return framesRefused.sum();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request)) {
            return ctx.getInvokeAction();
        }
        if (request.getAttribute(FRAME_GUARD) instanceof FrameGuard frames) {
            boolean wasClosing = frames.closing();
            FrameGuard.Verdict verdict = frames.inspect(content.getContent());
            if (wasClosing) {
                // Nothing more reaches Tyrus; the connection goes at the client's close frame or at the grace's end.
                if (verdict == FrameGuard.CLIENT_CLOSED) {
                    ctx.getConnection().closeSilently();
                }
                return ctx.getStopAction();
            }
            if (verdict == null) {
                return ctx.getInvokeAction();
            }
            framesRefused.increment();
            sendClose(ctx, verdict);
            closing.closeWithin(ctx.getConnection(), CLOSE_GRACE);
            return ctx.getStopAction();
        }
        if (!asksForWebSocket(request)) {
            return ctx.getInvokeAction();
        }
        String path = request.getRequestURI();
        if (!CanonicalPath.isCanonical(path)) {
            refusedPaths.increment();
            refuse(ctx, request, HttpStatus.BAD_REQUEST_400);
            return ctx.getStopAction();
        }
        for (UpgradeGuard guard : guards) {
            if (guard.serves(path)) {
                if (!guard.admit(ctx, request, path)) {
                    return ctx.getStopAction();
                }
                request.setAttribute(FRAME_GUARD, new FrameGuard(guard.maxFrameBytes(), true));
                return ctx.getInvokeAction();
            }
        }
        refusedPaths.increment();
        refuse(ctx, request, HttpStatus.NOT_FOUND_404);
        return ctx.getStopAction();
    }

    /**
     * Whether the request asks for a WebSocket in any spelling: wider than Tyrus' own test (the whole
     * {@code Upgrade} header equal to "websocket"), so nothing Tyrus would take passes unjudged. Other
     * upgrades, such as the {@code h2c} that Java's HTTP client offers, are plain HTTP requests here.
     */
    static boolean asksForWebSocket(HttpRequestPacket request) {
        // Runs for every read of every connection (MalformedPaths asks first): no allocation.
        String upgrade = request.getUpgrade();
        if (upgrade == null) {
            return false;
        }
        for (int i = 0; i + WEBSOCKET.length() <= upgrade.length(); i++) {
            if (upgrade.regionMatches(true, i, WEBSOCKET, 0, WEBSOCKET.length())) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(FilterChainContext ctx, HttpRequestPacket request, HttpStatus status) {
        request.getResponse().setStatus(status);
        RefusedUpgrade.send(ctx, request.getResponse());
    }

    /** Writes a close frame with the verdict's code and reason. */
    private static void sendClose(FilterChainContext ctx, FrameGuard.Verdict verdict) {
        byte[] reason = verdict.reason().getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + reason.length];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) (2 + reason.length);
        frame[2] = (byte) (verdict.closeCode() >> 8);
        frame[3] = (byte) verdict.closeCode();
        System.arraycopy(reason, 0, frame, 4, reason.length);
        ctx.write(Buffers.wrap(ctx.getConnection().getMemoryManager(), frame));
    }
}
