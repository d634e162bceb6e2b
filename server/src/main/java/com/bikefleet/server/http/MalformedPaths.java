package com.bikefleet.server.http;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * Answers 400 to a plain HTTP request whose path Grizzly could not decode: a {@code %} not followed by two
 * hex digits, or an encoded slash, backslash or NUL. Grizzly fails on those while mapping the request and
 * answers 500, as if the server were broken; the fault is the client's.
 */
final class MalformedPaths extends BaseFilter {

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content && content.getHttpHeader() instanceof HttpRequestPacket request
                && !UpgradeGate.asksForWebSocket(request) && isMalformed(request.getRequestURI())) {
            request.getResponse().setStatus(HttpStatus.BAD_REQUEST_400);
            RefusedUpgrade.send(ctx, request.getResponse());
            return ctx.getStopAction();
        }
        return ctx.getInvokeAction();
    }

    static boolean isMalformed(String rawPath) {
        if (rawPath == null) {
            return true;
        }
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
                return true;
            }
            int value = hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2));
            if (value == '/' || value == '\\' || value == 0) {
                return true;
            }
        }
        return false;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
