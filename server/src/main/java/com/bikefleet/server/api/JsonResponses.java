package com.bikefleet.server.api;

import com.google.gson.Gson;
import java.io.IOException;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/** Writes JSON bodies and JSON error bodies the same way for every route. */
final class JsonResponses {

    private final Gson gson;

    JsonResponses(Gson gson) {
        this.gson = gson;
    }

    void ok(Response response, Object body) throws IOException {
        write(response, HttpStatus.OK_200, body);
    }

    void error(Response response, HttpStatus status, String message) throws IOException {
        write(response, status, java.util.Map.of("error", message));
    }

    void write(Response response, HttpStatus status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(gson.toJson(body));
    }
}
