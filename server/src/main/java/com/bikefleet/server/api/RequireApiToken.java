package com.bikefleet.server.api;

import com.bikefleet.server.http.BearerAuth;
import com.bikefleet.server.registry.ApiTokens;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;

/** Lets a request through only with a valid API token: {@code Authorization: Bearer <token>}. */
public final class RequireApiToken extends HttpHandler {

    private final ApiTokens tokens;
    private final HttpHandler next;

    public RequireApiToken(ApiTokens tokens, HttpHandler next) {
        this.tokens = tokens;
        this.next = next;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (tokens.authenticate(BearerAuth.token(request.getHeader(Header.Authorization))) == null) {
            response.setStatus(HttpStatus.UNAUTHORIZED_401);
            response.setHeader(Header.WWWAuthenticate, "Bearer realm=\"api\"");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"an API token is required: Authorization: Bearer <token>\"}");
            return;
        }
        next.service(request, response);
    }
}
