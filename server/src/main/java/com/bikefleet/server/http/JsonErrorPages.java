package com.bikefleet.server.http;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/**
 * The body of every error Grizzly answers itself (no route, a handler that threw): {@code {"error": "..."}},
 * like the API's own errors. Grizzly's page names the server software and version and may carry an
 * exception's message; this says only the status.
 */
final class JsonErrorPages implements ErrorPageGenerator {

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        request.getResponse().setContentType("application/json");
        String phrase = reasonPhrase == null ? "error" : reasonPhrase.replaceAll("[^A-Za-z0-9 '-]", "");
        return "{\"error\":\"" + status + " " + phrase + "\"}";
    }
}
