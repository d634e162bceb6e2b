package com.bikefleet.server.api;

import com.bikefleet.server.store.StorageProbe;
import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * {@code /health} (readiness: the process answers and storage commits), {@code /health/ready} (the same)
 * and {@code /health/live} (the process answers, nothing else, so a slow disk does not get it restarted).
 * No token: load balancers and orchestrators call it.
 */
public final class HealthApi extends HttpHandler {

    public static final String PATH = "/health";

    private final StorageProbe storage;
    private final JsonResponses json = new JsonResponses(new Gson());

    public HealthApi(StorageProbe storage) {
        this.storage = storage;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getRequestURI();
        if (request.getMethod() != Method.GET && request.getMethod() != Method.HEAD) {
            response.setHeader(Header.Allow, "GET, HEAD");
            json.error(response, HttpStatus.METHOD_NOT_ALLOWED_405, "only GET and HEAD");
            return;
        }
        if (path.equals("/health/live")) {
            json.ok(response, Map.of("status", "up"));
        } else if (path.equals("/health") || path.equals("/health/") || path.equals("/health/ready")) {
            ready(response);
        } else {
            json.error(response, HttpStatus.NOT_FOUND_404, "no such resource: " + path);
        }
    }

    private void ready(Response response) throws Exception {
        StorageProbe.Result result = storage.check();
        Map<String, Object> body = new LinkedHashMap<>();
        if (result.writable()) {
            body.put("status", "up");
            body.put("storage", "writable");
            json.ok(response, body);
        } else {
            body.put("status", "down");
            body.put("storage", "failing");
            body.put("reason", result.problem());
            json.write(response, HttpStatus.SERVICE_UNAVAILABLE_503, body);
        }
    }
}
